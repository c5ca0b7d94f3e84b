/**
 * Hashed sparse features, grouped in "units" (a token, a lexicon group, an entity kind) so that a
 * linear model's score splits into per-unit contributions with character spans: the explanation.
 */
import type { Span } from '../domain/signal.ts';
import type { Analysis } from './analyse.ts';
import { stem } from './tokenise.ts';
import type { Language } from './tokenise.ts';

/** Features that share one reason and one set of spans in the original text. */
export interface Unit {
  kind: 'word' | 'lexicon' | 'entity' | 'combination' | 'pair';
  /** The token, lexicon group or entity name ('' for combinations and pairs, named from `parts`). */
  label: string;
  spans: Span[];
  /** A word's single span (kept apart from `spans` to spare an array per token). */
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

// Shared by units that carry their span in `at` or take it from their parts: never push into it.
const NO_SPANS: Span[] = Object.freeze([]) as unknown as Span[];

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 16777619;

/** FNV-1a over a string, continuing from `h`. */
export function fnv(s: string, h: number = FNV_OFFSET): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

const SEED_WORD = fnv('w:');
const SEED_STEM = fnv('s:');
const SEED_BIGRAM = fnv('b:');
const SEED_CHAR = fnv('c:');
const SEED_LEX = fnv('L:');
const SEED_TERM = fnv('T:');
const SEED_ENT = fnv('E:');
const SEED_PAIR = fnv('P:');

// A word in quotes is how ads wink at a euphemism: 'tomaten', "jardinage", 'project'.
const QUOTED = /(?<![\p{L}\p{N}])['"‘’“”«]\s?\p{L}[\p{L} ]{2,24}\s?['"‘’“”»](?![\p{L}\p{N}])/gu;
// Cheap necessary condition for QUOTED (two quote marks 3–27 non-quote characters apart): most
// listings have none.
const MAYBE_QUOTED = /['"‘’“”«][^'"‘’“”«»]{3,27}['"‘’“”»]/;

const MESSENGERS = new Set([
  'telegram',
  'snapchat',
  'signal',
  'whatsapp',
  'wickr',
  'session',
  'threema',
  'instagram',
]);

/** Hashes of one token's word, char n-grams (3–5 of " token ") and stems, memoised: listings reuse a small vocabulary. */
interface TokenHashes {
  word: number;
  /** Char n-gram indices, already masked to `mask`. */
  grams: Int32Array;
  mask: number;
  /** Stem hash per language (fr, nl, en); -1 when the stem is the word, -2 until computed. */
  stems: Float64Array;
}

export const LANG_SLOT: Record<Language, number> = { fr: 0, nl: 1, en: 2 };

const tokenMemo = new Map<string, TokenHashes>();
const TOKEN_MEMO_MAX = 200_000;

export function tokenHashes(text: string, lang: Language, slot: number, mask: number): TokenHashes {
  let h = tokenMemo.get(text);
  if (!h || h.mask !== mask) {
    const numeric = /^\d+$/.test(text);
    const word = numeric ? `#${Math.min(text.length, 5)}` : text;
    const grams: number[] = [];
    if (!numeric && !text.startsWith('emo_')) {
      const s = ` ${word} `;
      for (let i = 0; i + 3 <= s.length; i++) {
        let g = SEED_CHAR;
        for (let k = 0; k < 5 && i + k < s.length; k++) {
          g = Math.imul(g ^ s.charCodeAt(i + k), FNV_PRIME);
          if (k >= 2) grams.push((g >>> 0) & mask);
        }
      }
    }
    h = {
      word: fnv(word, SEED_WORD),
      grams: Int32Array.from(grams),
      mask,
      stems: Float64Array.of(-2, -2, -2),
    };
    if (tokenMemo.size >= TOKEN_MEMO_MAX) tokenMemo.clear();
    tokenMemo.set(text, h);
  }
  if (h.stems[slot] === -2) {
    const st = h.grams.length > 0 ? stem(text, lang) : text;
    h.stems[slot] = st === text ? -1 : fnv(st, SEED_STEM);
  }
  return h;
}

/** Combines two hashes into a third (bigrams, pairs) without building strings. */
const combine = (a: number, b: number, seed: number): number =>
  Math.imul(Math.imul(a ^ seed, FNV_PRIME) ^ b, 0x5bd1e995) >>> 0;

/** The hash of the bigram of two tokens, from their word hashes. */
export const bigram = (first: number, second: number): number => combine(first, second, SEED_BIGRAM);

/** Text features are scaled so that a listing's words weigh the same whatever its length. */
export const textScale = (features: number): number => (features > 0 ? 1 / Math.sqrt(features) : 0);

/** The span in the original text of normalised offsets `s`..`e`. */
export function span(a: Analysis, s: number, e: number): Span {
  return { start: a.norm.starts[s] as number, end: a.norm.ends[e - 1] as number };
}

/** The name a unit has in explanations: `word:weed`, `lexicon:market.menu`, `pair:market.menu&entity…`. */
export function unitName(u: Unit): string {
  if (u.parts) return `pair:${u.parts[0].label}&${u.parts[1].label}`;
  return u.label ? `${u.kind}:${u.label}` : u.kind;
}

/** The spans of a unit (a pair's are those of its two parts). */
export function unitSpans(u: Unit): Span[] {
  if (u.parts) return [...unitSpans(u.parts[0]), ...unitSpans(u.parts[1])];
  return u.at ? [u.at] : u.spans;
}

/** Summary flags of an analysis: what the lexicon scorer and the conjunction features use. */
interface Flags {
  strong: number;
  ambiguous: number;
  perGram: boolean;
  qtyPrice: boolean;
  price: boolean;
  messenger: boolean;
  phone: boolean;
  counter: number;
  market: number;
  production: number;
}

/** Counts the kinds of evidence found in an analysis. */
function flagsOf(a: Analysis): Flags {
  const f: Flags = {
    strong: 0,
    ambiguous: 0,
    perGram: false,
    qtyPrice: false,
    price: false,
    messenger: false,
    phone: false,
    counter: 0,
    market: 0,
    production: 0,
  };
  const seen = new Set<string>();
  for (const h of a.hits) {
    if (seen.has(h.group)) continue;
    seen.add(h.group);
    if (h.group.endsWith('.strong')) f.strong++;
    else if (h.group.endsWith('.ambiguous')) f.ambiguous++;
    else if (h.group.startsWith('counter.')) f.counter++;
    else if (h.group.startsWith('market.')) f.market++;
    else if (h.group.startsWith('production.')) f.production++;
  }
  for (const p of a.prices) {
    if (p.quantity === '1g' && (p.eurPerGram ?? 0) >= 2) f.perGram = true;
    else if (p.quantity) f.qtyPrice = true;
    else f.price = true;
  }
  for (const c of a.contacts) {
    if (MESSENGERS.has(c.type)) f.messenger = true;
    if (c.type === 'phone') f.phone = true;
  }
  return f;
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
      spans: NO_SPANS,
      parts: [x, y],
      partIndex: [words.length + (pairs[p] as number), words.length + (pairs[p + 1] as number)],
      idx: [pairHash(x, y) & mask],
      val: 1,
    });
  }
  return units;
}

/**
 * Every pair of evidence kinds (lexicon groups, entities), in the order of their names, as flat
 * `[x, y, x, y, …]` positions in `evidence`: a harvest *and* a per-gram price is a sale, a harvest
 * alone is not.
 */
export function evidencePairs(evidence: readonly Unit[]): number[] {
  const kinds: number[] = [];
  const keys: string[] = [];
  for (let i = 0; i < evidence.length; i++) {
    const u = evidence[i] as Unit;
    if (u.kind !== 'lexicon' && u.kind !== 'entity') continue;
    const key = (u.kind === 'lexicon' ? 'l' : 'e') + u.label;
    // Insertion sort: a listing has a handful of kinds, and the names are distinct.
    let j = kinds.length;
    for (; j > 0 && key < (keys[j - 1] as string); j--) {
      kinds[j] = kinds[j - 1] as number;
      keys[j] = keys[j - 1] as string;
    }
    kinds[j] = i;
    keys[j] = key;
  }
  const out: number[] = [];
  for (let i = 0; i < kinds.length; i++)
    for (let j = i + 1; j < kinds.length; j++) out.push(kinds[i] as number, kinds[j] as number);
  return out;
}

/** The (unmasked) feature hash of a pair of evidence units. */
export const pairHash = (x: Unit, y: Unit): number =>
  combine(x.idx[0] as number, y.idx[0] as number, SEED_PAIR);

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
      spans: NO_SPANS,
      at: span(a, t.start, t.end),
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

// Hashes of the names every listing repeats (lexicon groups and terms, entities, conjunctions).
const LEX_HASHES = new Map<string, number>();
const TERM_HASHES = new Map<string, number>();
const ENT_HASHES = new Map<string, number>();
const CONJUNCTIONS: number[][] = [];
const SUBST_CODES = ['strong', 'ambiguous', 'none'];
const PRICE_CODES = ['gram', 'qty', 'plain', 'none'];
const NAMED_MAX = 100_000;

function named(memo: Map<string, number>, name: string, seed: number): number {
  let h = memo.get(name);
  if (h === undefined) {
    h = fnv(name, seed);
    if (memo.size >= NAMED_MAX) memo.clear();
    memo.set(name, h);
  }
  return h;
}

/** The evidence units that follow the words: lexicon groups, entities and their conjunctions. */
export function evidenceUnits(a: Analysis, mask: number): Unit[] {
  const units: Unit[] = [];
  const groups = new Map<string, Unit>();
  for (const h of a.hits) {
    let u = groups.get(h.group);
    if (!u) {
      u = {
        kind: 'lexicon',
        label: h.group,
        spans: [],
        idx: [named(LEX_HASHES, h.group, SEED_LEX) & mask],
        val: 1,
      };
      groups.set(h.group, u);
      units.push(u);
    }
    u.spans.push(span(a, h.start, h.end));
    u.idx.push(named(TERM_HASHES, h.term, SEED_TERM) & mask);
  }
  const ent = (name: string, spans: Span[]): void => {
    units.push({
      kind: 'entity',
      label: name,
      spans,
      idx: [named(ENT_HASHES, name, SEED_ENT) & mask],
      val: 1,
    });
  };
  // Under 2 €/g it is a trimmer's piece rate, not a street price.
  const perGram = a.prices.filter((p) => p.quantity === '1g' && (p.eurPerGram ?? 0) >= 2);
  const pieceRate = a.prices.filter((p) => p.quantity === '1g' && (p.eurPerGram ?? 0) < 2);
  if (pieceRate.length)
    ent(
      'piece_rate',
      pieceRate.map((p) => span(a, p.start, p.end)),
    );
  const qty = a.prices.filter((p) => p.quantity && p.quantity !== '1g');
  const plain = a.prices.filter((p) => !p.quantity);
  if (perGram.length)
    ent(
      'price_per_gram',
      perGram.map((p) => span(a, p.start, p.end)),
    );
  if (qty.length)
    ent(
      'quantity_price',
      qty.map((p) => span(a, p.start, p.end)),
    );
  if (plain.length)
    ent(
      'price',
      plain.map((p) => span(a, p.start, p.end)),
    );
  const byType = new Map<string, Span[]>();
  for (const c of a.contacts)
    byType.set(c.type, [...(byType.get(c.type) ?? []), { start: c.start, end: c.end }]);
  for (const [type, spans] of byType) ent(`contact_${type}`, spans);
  if (a.commune) ent('brussels_location', []);
  const quoted = (MAYBE_QUOTED.test(a.original) ? [...a.original.matchAll(QUOTED)] : []).map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
  }));
  if (quoted.length) ent('quoted_word', quoted);

  // Conjunctions a linear model cannot form by itself: a drug word *with* a price or a handle.
  const f = flagsOf(a);
  const subst = f.strong > 0 ? 'strong' : f.ambiguous > 0 ? 'ambiguous' : 'none';
  const price = f.perGram ? 'gram' : f.qtyPrice ? 'qty' : f.price ? 'plain' : 'none';
  const counter = Math.min(f.counter, 2);
  const market = Math.min(f.market, 3);
  const production = Math.min(f.production, 3);
  // 1,152 combinations in all: their hashes are built once, found by a number.
  let code = SUBST_CODES.indexOf(subst);
  code = code * 4 + PRICE_CODES.indexOf(price);
  code = code * 2 + (f.messenger ? 1 : 0);
  code = (code * 3 + counter) * 4 + market;
  code = code * 4 + production;
  let conj = CONJUNCTIONS[code];
  if (!conj) {
    conj = [
      `subst_${subst}`,
      `subst_${subst}&price_${price}`,
      `subst_${subst}&messenger_${f.messenger}`,
      `subst_${subst}&counter_${counter}`,
      `market_${market}&subst_${subst}`,
      `production_${production}&counter_${counter}`,
    ].map((c) => fnv(c, SEED_ENT));
    CONJUNCTIONS[code] = conj;
  }
  units.push({
    kind: 'combination',
    label: '',
    spans: NO_SPANS,
    idx: conj.map((h) => h & mask),
    val: 1,
  });
  return units;
}
