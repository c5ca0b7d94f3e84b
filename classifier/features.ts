/**
 * Hashed sparse features, grouped in "units" (a token, a lexicon group, an entity kind) so that a
 * linear model's score splits into per-unit contributions with character spans: the explanation.
 * `featurise` builds them all, for training; `score.ts` computes the same contributions faster.
 */
import type { Analysis } from './analyse.ts';
import { evidencePairs, evidenceUnits, pairHash } from './evidence.ts';
import { LANG_SLOT, bigram, textScale, tokenHashes } from './hashing.ts';
import type { TokenHashes } from './hashing.ts';
import { originalSpan } from './normalise.ts';
import type { Span } from '../domain/signal.ts';

/** Features that share one reason and one set of spans in the original text. */
export interface Unit {
  kind: 'word' | 'lexicon' | 'entity' | 'combination' | 'pair';
  /** The token, lexicon group or entity name ('' for combinations and pairs, named from `parts`). */
  label: string;
  /** A word's span (other units find theirs on demand: `unitSpans`). */
  at?: Span;
  /** Shared, read-only extra indices (a token's char n-grams): never mutate. */
  grams?: Int32Array;
  /** For a pair: the two units it combines (their spans are its spans). */
  parts?: [Unit, Unit];
  /** For a pair: the positions of its parts in the unit list. */
  partIndex?: [number, number];
  idx: number[];
  val: number;
}

/** The name a unit has in explanations: `word:weed`, `lexicon:market.menu`, `pair:market.menu&entity…`. */
export function unitName(u: Unit): string {
  if (u.parts) return `pair:${u.parts[0].label}&${u.parts[1].label}`;
  return u.label ? `${u.kind}:${u.label}` : u.kind;
}

/** Builds the feature units of an analysis into a hashed space of size `dims` (a power of two). */
export function featurise(a: Analysis, dims: number): Unit[] {
  const mask = dims - 1;
  const words = wordUnits(a, mask);
  const evidence = evidenceUnits(a, mask);
  const units = words.concat(evidence);
  const pairs = evidencePairs(evidence);
  for (let p = 0; p < pairs.length; p += 2) {
    const x = evidence[pairs[p] as number] as Unit;
    const y = evidence[pairs[p + 1] as number] as Unit;
    units.push({
      kind: 'pair',
      label: '',
      parts: [x, y],
      partIndex: [words.length + (pairs[p] as number), words.length + (pairs[p + 1] as number)],
      idx: [pairHash(x, y) & mask],
      val: 1,
    });
  }
  return units;
}

/** One unit per token: its word, its stem, the bigram it starts and its char n-grams, scaled by 1/√n. */
function wordUnits(a: Analysis, mask: number): Unit[] {
  const textUnits: Unit[] = [];
  const toks = a.tokens;
  let prev: TokenHashes | null = null;
  let prevUnit: Unit | null = null;
  const slot = LANG_SLOT[a.language];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    const h = tokenHashes(t.text, a.language, slot, mask);
    const stemHash = h.stems[slot] as number;
    const idx = stemHash >= 0 ? [h.word & mask, stemHash & mask] : [h.word & mask];
    // The bigram belongs to the first of its two tokens.
    if (prev && prevUnit) prevUnit.idx.push(bigram(prev.word, h.word) & mask);
    const unit: Unit = {
      kind: 'word',
      label: t.text,
      at: originalSpan(a.norm, t.start, t.end),
      idx,
      grams: h.grams,
      val: 0,
    };
    textUnits.push(unit);
    prev = h;
    prevUnit = unit;
  }
  let nText = 0;
  for (const u of textUnits) nText += u.idx.length + (u.grams?.length ?? 0);
  const textVal = textScale(nText);
  for (const u of textUnits) u.val = textVal;
  return textUnits;
}
