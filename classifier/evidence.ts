/**
 * Evidence units: the lexicon groups, entities and conjunctions found in an analysis, and their
 * pairs. Their spans are found on demand (`unitSpans`), only for the units an explanation shows.
 */
import { MESSENGER_TYPES } from '../domain/signal.ts';
import type { Span } from '../domain/signal.ts';
import type { Analysis } from './analyse.ts';
import { codeUnits } from './char-class.ts';
import type { Unit } from './features.ts';
import { SEED_ENT, SEED_LEX, SEED_PAIR, SEED_TERM, combine, fnv } from './hashing.ts';
import { originalSpan } from './normalise.ts';

// A word in quotes is how ads wink at a euphemism: 'tomaten', "jardinage", 'project'.
const QUOTED = /(?<![\p{L}\p{N}])['"‘’“”«]\s?\p{L}[\p{L} ]{2,24}\s?['"‘’“”»](?![\p{L}\p{N}])/gu;
const HAS_QUOTED = new RegExp(QUOTED.source, 'u'); // without the global flag's state

const MESSENGERS: ReadonlySet<string> = new Set(MESSENGER_TYPES);

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
    for (const h of a.hits) if (h.group === u.label) out.push(originalSpan(a.norm, h.start, h.end));
  } else if (u.kind === 'entity') {
    const price = PRICE_ENTITIES.findIndex((e) => e.label === u.label);
    if (price >= 0) {
      for (const p of a.prices) if (priceKind(p) === price) out.push(originalSpan(a.norm, p.start, p.end));
    } else if (u.label === QUOTED_WORD.label) {
      for (const m of a.original.matchAll(QUOTED)) out.push({ start: m.index, end: m.index + m[0].length });
    } else {
      for (const c of a.contacts)
        if (contactEntity(c.type).label === u.label) out.push({ start: c.start, end: c.end });
    }
  }
  return out;
}
