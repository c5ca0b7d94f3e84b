/**
 * Hashed sparse features, grouped in "units" (a token, a lexicon group, an entity kind) so that a
 * linear model's score splits into per-unit contributions with character spans: the explanation.
 */
import type { Span } from '../domain/signal.ts';
import type { Analysis } from './analyse.ts';
import { codeUnits } from './char-class.ts';
import { stem } from './tokenise.ts';
import type { Language } from './tokenise.ts';

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
const HAS_QUOTED = new RegExp(QUOTED.source, 'u'); // without the global flag's state

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
  stems: number[];
}

export const LANG_SLOT: Record<Language, number> = { fr: 0, nl: 1, en: 2 };

const tokenMemo = new Map<string, TokenHashes>();
const TOKEN_MEMO_MAX = 200_000;

/** A token's hashes for one language (`slot` its `LANG_SLOT`), n-grams masked to `mask`; the stem is found on first use. */
export function tokenHashes(text: string, lang: Language, slot: number, mask: number): TokenHashes {
  let h = tokenMemo.get(text);
  if (!h || h.mask !== mask) {
    const numeric = /^\d+$/.test(text);
    const word = numeric ? `#${Math.min(text.length, 5)}` : text;
    // Code units from a typed array: charCodeAt is slow in a process that loaded ioredis.
    const padded = ` ${word} `;
    const units = codeUnits(padded);
    let wordHash = SEED_WORD;
    for (let i = 1; i < padded.length - 1; i++)
      wordHash = Math.imul(wordHash ^ (units[i] as number), FNV_PRIME);
    h = {
      word: wordHash >>> 0,
      grams: numeric || text.startsWith('emo_') ? NO_GRAMS : charGrams(units, padded.length, mask),
      mask,
      stems: [-2, -2, -2],
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

const NO_GRAMS = new Int32Array(0);
// N-gram lists are views into shared slabs: a small typed array with its own buffer costs ~1 µs.
const SLAB_SIZE = 1 << 16;
let slab = new Int32Array(SLAB_SIZE);
let slabUsed = 0;

/** The masked hashes of the 3- to 5-grams of the first `n` code units in `units`. */
function charGrams(units: Uint16Array, n: number, mask: number): Int32Array {
  if (slabUsed + 3 * n > slab.length) {
    slab = new Int32Array(Math.max(SLAB_SIZE, 3 * n));
    slabUsed = 0;
  }
  const start = slabUsed;
  for (let i = 0; i + 3 <= n; i++) {
    let g = SEED_CHAR;
    for (let k = 0; k < 5 && i + k < n; k++) {
      g = Math.imul(g ^ (units[i + k] as number), FNV_PRIME);
      if (k >= 2) slab[slabUsed++] = (g >>> 0) & mask;
    }
  }
  return slab.subarray(start, slabUsed);
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

/**
 * Every pair of evidence kinds (lexicon groups, entities), in the order of their names, as flat
 * `[x, y, x, y, …]` positions in `evidence`: a harvest *and* a per-gram price is a sale, a harvest
 * alone is not.
 */
export function evidencePairs(evidence: readonly Unit[]): number[] {
  const kinds: number[] = [];
  for (let i = 0; i < evidence.length; i++) {
    const u = evidence[i] as Unit;
    if (u.kind !== 'lexicon' && u.kind !== 'entity') continue;
    // Insertion sort: a listing has a handful of kinds, and the names are distinct.
    let j = kinds.length;
    for (; j > 0 && namedBefore(u, evidence[kinds[j - 1] as number] as Unit); j--)
      kinds[j] = kinds[j - 1] as number;
    kinds[j] = i;
  }
  // Sized once: a listing has dozens of pairs.
  const out: number[] = new Array(kinds.length > 1 ? kinds.length * (kinds.length - 1) : 0);
  let p = 0;
  for (let i = 0; i < kinds.length; i++)
    for (let j = i + 1; j < kinds.length; j++) {
      out[p++] = kinds[i] as number;
      out[p++] = kinds[j] as number;
    }
  return out;
}

/** Whether `u` comes before `v` in the order of their names, entities (`e…`) before lexicon groups (`l…`). */
const namedBefore = (u: Unit, v: Unit): boolean =>
  u.kind === v.kind ? u.label < v.label : u.kind === 'entity';

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

/** What a lexicon group counts as in the conjunctions. */
const enum GroupKind {
  Strong,
  Ambiguous,
  Counter,
  Market,
  Production,
  Other,
}

function groupKind(group: string): GroupKind {
  if (group.endsWith('.strong')) return GroupKind.Strong;
  if (group.endsWith('.ambiguous')) return GroupKind.Ambiguous;
  if (group.startsWith('counter.')) return GroupKind.Counter;
  if (group.startsWith('market.')) return GroupKind.Market;
  if (group.startsWith('production.')) return GroupKind.Production;
  return GroupKind.Other;
}

/** A name every listing repeats (lexicon group or term, entity), with its hash and, for a group, its kind. */
interface Named {
  label: string;
  hash: number;
  kind: GroupKind;
}

const NAMED_MAX = 100_000;

/** A string-keyed memo of `Named` records: listings repeat a few hundred names. */
function namedMemo(seed: number, labelOf: (key: string) => string): (key: string) => Named {
  const memo = new Map<string, Named>();
  return (key) => {
    let n = memo.get(key);
    if (n === undefined) {
      const label = labelOf(key);
      n = { label, hash: fnv(label, seed), kind: groupKind(label) };
      if (memo.size >= NAMED_MAX) memo.clear();
      memo.set(key, n);
    }
    return n;
  };
}

const same = (key: string): string => key;
const lexiconGroup = namedMemo(SEED_LEX, same);
const lexiconTerm = namedMemo(SEED_TERM, same);
const contactEntity = namedMemo(SEED_ENT, (type) => `contact_${type}`);

/** Price entities, in the order their units come; `priceKind` gives a price's position here. */
const PRICE_ENTITIES = ['piece_rate', 'price_per_gram', 'quantity_price', 'price'].map((label) => ({
  label,
  hash: fnv(label, SEED_ENT),
}));
const BRUSSELS = { label: 'brussels_location', hash: fnv('brussels_location', SEED_ENT) };
const QUOTED_WORD = { label: 'quoted_word', hash: fnv('quoted_word', SEED_ENT) };

/** 0 piece rate (under 2 €/g it is a trimmer's rate, not a street price), 1 per gram, 2 other quantity, 3 plain. */
function priceKind(p: Analysis['prices'][number]): number {
  if (p.quantity === '1g') return (p.eurPerGram ?? 0) >= 2 ? 1 : 0;
  return p.quantity ? 2 : 3;
}

const evidenceUnit = (kind: 'lexicon' | 'entity', label: string, hash: number, mask: number): Unit => ({
  kind,
  label,
  idx: [hash & mask],
  val: 1,
});

/**
 * The evidence units that follow the words: lexicon groups, entities and their conjunctions. Their
 * spans are found on demand (`unitSpans`): most units are never shown.
 */
export function evidenceUnits(a: Analysis, mask: number): Unit[] {
  const units: Unit[] = [];
  const groupCounts = [0, 0, 0, 0, 0, 0]; // distinct groups per GroupKind
  for (const h of a.hits) {
    // A linear search: a listing has a handful of groups.
    let u: Unit | undefined;
    for (let k = 0; k < units.length && !u; k++) if ((units[k] as Unit).label === h.group) u = units[k];
    if (!u) {
      const g = lexiconGroup(h.group);
      (groupCounts[g.kind] as number)++;
      u = evidenceUnit('lexicon', h.group, g.hash, mask);
      units.push(u);
    }
    u.idx.push(lexiconTerm(h.term).hash & mask);
  }
  let priceKinds = 0; // bit k: a price of kind k
  for (const p of a.prices) priceKinds |= 1 << priceKind(p);
  PRICE_ENTITIES.forEach((e, k) => {
    if (priceKinds & (1 << k)) units.push(evidenceUnit('entity', e.label, e.hash, mask));
  });
  let messenger = false;
  const firstContact = units.length;
  for (const c of a.contacts) {
    if (MESSENGERS.has(c.type)) messenger = true;
    const e = contactEntity(c.type);
    let known = false;
    for (let k = firstContact; k < units.length && !known; k++) known = (units[k] as Unit).label === e.label;
    if (!known) units.push(evidenceUnit('entity', e.label, e.hash, mask));
  }
  if (a.commune) units.push(evidenceUnit('entity', BRUSSELS.label, BRUSSELS.hash, mask));
  if (mayBeQuoted(a.original) && HAS_QUOTED.test(a.original))
    units.push(evidenceUnit('entity', QUOTED_WORD.label, QUOTED_WORD.hash, mask));
  units.push(combinationUnit(groupCounts, priceKinds, messenger, mask));
  return units;
}

const CONJUNCTIONS: number[][] = [];

/**
 * Conjunctions a linear model cannot form by itself: a drug word *with* a price or a handle.
 * `groupCounts` counts distinct groups per `GroupKind`, `priceKinds` has bit k for a price of kind k.
 */
function combinationUnit(groupCounts: number[], priceKinds: number, messenger: boolean, mask: number): Unit {
  const substCode =
    (groupCounts[GroupKind.Strong] as number) > 0
      ? 0
      : (groupCounts[GroupKind.Ambiguous] as number) > 0
        ? 1
        : 2;
  // A piece rate counts as a quantity price here.
  const priceCode = priceKinds & 2 ? 0 : priceKinds & 5 ? 1 : priceKinds & 8 ? 2 : 3;
  const counter = Math.min(groupCounts[GroupKind.Counter] as number, 2);
  const market = Math.min(groupCounts[GroupKind.Market] as number, 3);
  const production = Math.min(groupCounts[GroupKind.Production] as number, 3);
  // 1,152 combinations in all: their hashes are built once, found by a number.
  let code = substCode * 4 + priceCode;
  code = code * 2 + (messenger ? 1 : 0);
  code = (code * 3 + counter) * 4 + market;
  code = code * 4 + production;
  let conj = CONJUNCTIONS[code];
  if (!conj) {
    const subst = ['strong', 'ambiguous', 'none'][substCode] as string;
    const price = ['gram', 'qty', 'plain', 'none'][priceCode] as string;
    conj = [
      `subst_${subst}`,
      `subst_${subst}&price_${price}`,
      `subst_${subst}&messenger_${messenger}`,
      `subst_${subst}&counter_${counter}`,
      `market_${market}&subst_${subst}`,
      `production_${production}&counter_${counter}`,
    ].map((c) => fnv(c, SEED_ENT));
    CONJUNCTIONS[code] = conj;
  }
  return { kind: 'combination', label: '', idx: conj.map((h) => h & mask), val: 1 };
}

// Quote marks as UTF-16 code units: ' " ‘ ’ “ ” « ».
const isQuoteMark = (c: number): boolean =>
  c === 0x27 ||
  c === 0x22 ||
  c === 0x2018 ||
  c === 0x2019 ||
  c === 0x201c ||
  c === 0x201d ||
  c === 0xab ||
  c === 0xbb;

/**
 * Whether the text has two quote marks 3–27 other characters apart, the first not `»`, the second
 * not `«` (`MAYBE_QUOTED`'s condition, over code units: the regex cost ~1 µs per listing).
 */
export function mayBeQuoted(text: string): boolean {
  const units = codeUnits(text);
  let last = -1; // position of the previous quote mark
  for (let i = 0; i < text.length; i++) {
    const c = units[i] as number;
    if (!isQuoteMark(c)) continue;
    if (last >= 0 && i - last >= 4 && i - last <= 28 && units[last] !== 0xbb && c !== 0xab) return true;
    last = i;
  }
  return false;
}

/** The spans of a unit, found in its analysis (a pair's are those of its two parts). */
export function unitSpans(u: Unit, a: Analysis): Span[] {
  if (u.parts) return [...unitSpans(u.parts[0], a), ...unitSpans(u.parts[1], a)];
  if (u.at) return [u.at];
  const out: Span[] = [];
  if (u.kind === 'lexicon') {
    for (const h of a.hits) if (h.group === u.label) out.push(span(a, h.start, h.end));
  } else if (u.kind === 'entity') {
    const price = PRICE_ENTITIES.findIndex((e) => e.label === u.label);
    if (price >= 0) {
      for (const p of a.prices) if (priceKind(p) === price) out.push(span(a, p.start, p.end));
    } else if (u.label === QUOTED_WORD.label) {
      for (const m of a.original.matchAll(QUOTED)) out.push({ start: m.index, end: m.index + m[0].length });
    } else {
      for (const c of a.contacts)
        if (contactEntity(c.type).label === u.label) out.push({ start: c.start, end: c.end });
    }
  }
  return out;
}
