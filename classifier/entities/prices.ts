/** Prices and quantities in euros and grams ("10€/g", "100g = 450", "1kg 1.8k", "1200€"). */
import type { Price } from '../../domain/signal.ts';
import { originalSpan } from '../normalise.ts';
import type { NormalisedText } from '../normalise.ts';

/** A price with its range in the normalised text. */
export interface FoundPrice extends Price {
  start: number;
  end: number;
}

const NUM = String.raw`\d+(?:[.,]\d+)?`;
const EURO = String.raw`(?:€|eur(?:o|os)?\b|e\b|balles\b)`;
const GRAM = String.raw`(?:g|gr|grs|gram|grams|gramme|grammes)\b`;
const UNIT = String.raw`(?:mg|g|gr|grs|gram|grams|gramme|grammes|kg|kilo|kilos)\b`;
// Each pattern is tried only where it can start (see `candidates`), as a sticky regex.
// "10€/g", "8/g", "10 le gramme", "9€ per gram"
const PER_GRAM_RE = new RegExp(
  String.raw`(?<![\d.,])(${NUM})(k)?\s?(${EURO})?\s?(?:/|le|la|per|par|au|the|a)\s?${GRAM}`,
  'y',
);
// "100g = 450", "5g 45", "1kg 1.8k", "10g pour 40€", "1kg €300"
const QTY_PRICE_RE = new RegExp(
  String.raw`(?<![\d.,])(${NUM})\s?(${UNIT})\s?(?:=|:|-|pour|voor|for|a|aan)?\s?(€\s?)?(${NUM})(k)?(?!\s?(?:${UNIT}|%|x|/|cm|m\b|w\b))(\s?${EURO})?`,
  'y',
);
// "1200€", "€ 300", "35 euros", "1.800€/maand"
const AMOUNT_RE = new RegExp(String.raw`(?<![\d.,])(?:(${NUM})(k)?\s?${EURO}|€\s?(${NUM})(k)?)`, 'y');
// Where a pattern can start: a number (as NUM takes it, greedily) not after a digit, dot or comma, or "€".
const START_RE = /(?<![\d.,])(?:\d+(?:[.,]\d+)?|€)/g;

/** Parses "1.800" (thousands), "0,50" (decimal comma), with an optional "k" multiplier. */
export function parseAmount(raw: string, k?: string): number {
  let s = raw;
  if (/^\d{1,3}[.,]\d{3}$/.test(s)) s = s.replace(/[.,]/, '');
  else s = s.replace(',', '.');
  const v = Number(s);
  return k ? v * 1000 : v;
}

function grams(qty: number, unit: string): number | null {
  if (unit === 'mg') return null; // pills are dosed in mg, not sold by weight
  if (unit.startsWith('k')) return qty * 1000;
  return qty;
}

const round = (v: number): number => Math.round(v * 100) / 100;

/** A walk over ranges sorted by start that do not overlap, asked about in increasing start order. */
interface RangeCursor {
  ranges: FoundPrice[];
  /** The first range that may still end after the next start asked about. */
  next: number;
}

const rangeCursor = (ranges: FoundPrice[]): RangeCursor => ({ ranges, next: 0 });

/** Whether `[s, e)` overlaps a range; `s` never decreases between calls, so each range is passed once. */
function overlaps(r: RangeCursor, s: number, e: number): boolean {
  while (r.next < r.ranges.length && (r.ranges[r.next] as FoundPrice).end <= s) r.next++;
  return r.next < r.ranges.length && (r.ranges[r.next] as FoundPrice).start < e;
}

/** The original text a range of the normalised text came from. */
function valueOf(n: NormalisedText, original: string, s: number, e: number): string {
  const { start, end } = originalSpan(n, s, e);
  return original.slice(start, end);
}

const SPACE = /\s/;
/** Whether the code unit is whitespace (`\s`); outside ASCII, the regex is asked. */
const isSpaceUnit = (c: number): boolean =>
  c === 32 || (c >= 9 && c <= 13) || (c >= 128 && SPACE.test(String.fromCharCode(c)));

const PER_GRAM = 1;
const QTY_PRICE = 2;
const AMOUNT = 4;

/** A table of pattern bits per code unit (64 kB: an index read beats a string search). */
function unitTable(entries: Array<[number, string]>): Uint8Array {
  const table = new Uint8Array(0x10000);
  for (const [bit, chars] of entries) for (const ch of chars) table[ch.charCodeAt(0)]! |= bit;
  return table;
}
// Read off the patterns: their number is followed by (k)?\s?(EURO)?\s?(/|le|…) in PER_GRAM_RE,
// by \s?UNIT in QTY_PRICE_RE and by (k)?\s?EURO in AMOUNT_RE. The patterns whose rest can start
// with a code unit right after the number, or after one whitespace there:
const RIGHT_AFTER = unitTable([
  [PER_GRAM, 'k€eb/lpat'],
  [QTY_PRICE, 'mgk'],
  [AMOUNT, 'k€eb'],
]);
const AFTER_SPACE = unitTable([
  [PER_GRAM, '€eb/lpat'],
  [QTY_PRICE, 'mgk'],
  [AMOUNT, '€eb'],
]);

/**
 * The patterns (bits) that can match at a number ending at `end`. Every match takes the number
 * greedily (a shorter one is followed by a digit, a dot or a comma, which no pattern allows), so
 * this is a necessary condition: skipping the other patterns there changes nothing.
 */
function possiblePatterns(t: string, end: number): number {
  if (end >= t.length) return 0;
  const next = t.charCodeAt(end);
  if (!isSpaceUnit(next)) return RIGHT_AFTER[next] as number;
  if (end + 1 >= t.length) return 0;
  const after = t.charCodeAt(end + 1);
  return (AFTER_SPACE[after] as number) | (isSpaceUnit(after) ? PER_GRAM : 0); // PER_GRAM_RE allows \s?\s?
}

/** Each pattern's matches, as its own global scan would find them. */
interface Matches {
  perGram: RegExpExecArray[];
  qtyPrice: RegExpExecArray[];
  amount: RegExpExecArray[];
}

/** Runs the sticky `re` at `at` unless its scan is already past it; returns where its scan resumes. */
function matchAt(re: RegExp, t: string, at: number, from: number, into: RegExpExecArray[]): number {
  if (at < from) return from;
  re.lastIndex = at;
  const m = re.exec(t);
  if (m === null) return from;
  into.push(m);
  return at + m[0].length;
}

/**
 * The three patterns' matches from one scan of the places where they can start (a number or
 * "€"), instead of three scans of the whole text; none matches elsewhere, so the matches are the same.
 */
function findMatches(t: string): Matches {
  const found: Matches = { perGram: [], qtyPrice: [], amount: [] };
  let perGramFrom = 0;
  let qtyPriceFrom = 0;
  let amountFrom = 0;
  START_RE.lastIndex = 0;
  for (let s = START_RE.exec(t); s !== null; s = START_RE.exec(t)) {
    const at = s.index;
    // Only AMOUNT_RE starts with "€"; the others need a number.
    const possible = s[0] === '€' ? AMOUNT : possiblePatterns(t, START_RE.lastIndex);
    if (possible & PER_GRAM) perGramFrom = matchAt(PER_GRAM_RE, t, at, perGramFrom, found.perGram);
    if (possible & QTY_PRICE) qtyPriceFrom = matchAt(QTY_PRICE_RE, t, at, qtyPriceFrom, found.qtyPrice);
    if (possible & AMOUNT) amountFrom = matchAt(AMOUNT_RE, t, at, amountFrom, found.amount);
  }
  return found;
}

/** "10€/g": a price per gram. */
function perGramPrice(n: NormalisedText, original: string, m: RegExpExecArray): FoundPrice {
  const eur = parseAmount(m[1] as string, m[2]);
  const end = m.index + m[0].length;
  const value = valueOf(n, original, m.index, end);
  return { value, amountEur: eur, quantity: '1g', eurPerGram: round(eur), start: m.index, end };
}

/** "100g = 450": a quantity and its price, or null for a zero quantity or price. */
function qtyPrice(n: NormalisedText, original: string, m: RegExpExecArray): FoundPrice | null {
  const qty = parseAmount(m[1] as string);
  const unit = m[2] as string;
  const eur = parseAmount(m[4] as string, m[5]);
  if (qty <= 0 || eur <= 0) return null;
  const g = grams(qty, unit);
  const end = m.index + m[0].length;
  return {
    value: valueOf(n, original, m.index, end),
    amountEur: eur,
    quantity: `${m[1]}${unit}`,
    eurPerGram: g ? round(eur / g) : null,
    start: m.index,
    end,
  };
}

/** "1200€": an amount alone. */
function amountPrice(n: NormalisedText, original: string, m: RegExpExecArray): FoundPrice {
  const end = m.index + m[0].length;
  return {
    value: valueOf(n, original, m.index, end),
    amountEur: parseAmount((m[1] ?? m[3]) as string, m[2] ?? m[4]),
    quantity: null,
    eurPerGram: null,
    start: m.index,
    end,
  };
}

const byStart = (a: FoundPrice, b: FoundPrice): number => a.start - b.start;
const DIGIT = /\d/;
const notOverlapping = (taken: RangeCursor[], m: RegExpExecArray): boolean =>
  !taken.some((r) => overlaps(r, m.index, m.index + m[0].length));

/** Finds prices; overlapping matches keep the most specific (per gram, then quantity = price, then amount). */
export function extractPrices(n: NormalisedText, original: string): FoundPrice[] {
  const t = n.text;
  if (!DIGIT.test(t)) return []; // every pattern starts at or holds a number
  const found = findMatches(t);
  const perGram = found.perGram.map((m) => perGramPrice(n, original, m));
  const qty: FoundPrice[] = [];
  const beforeQty = [rangeCursor(perGram)];
  for (const m of found.qtyPrice) {
    const price = notOverlapping(beforeQty, m) ? qtyPrice(n, original, m) : null;
    if (price !== null) qty.push(price);
  }
  const out = perGram.concat(qty);
  const beforeAmount = [rangeCursor(perGram), rangeCursor(qty)];
  for (const m of found.amount) if (notOverlapping(beforeAmount, m)) out.push(amountPrice(n, original, m));
  return out.length > 1 ? out.sort(byStart) : out;
}
