/**
 * Leetspeak ("c0ke", "w33d", "h@sj" → coke, weed, hasj) undone in normalised text, and `survey`: the
 * one scan that finds where leetspeak may be and also tells `normalise` whether its spaced-letters
 * and repeated-letters passes have work.
 */
import { isAsciiAlnum, isLetterCp, isLetterOrNumberCp } from './char-class.ts';

/** The first `length` UTF-16 code units of a text being normalised, changed in place. */
export interface Units {
  codes: Uint16Array;
  length: number;
}

// Leetspeak substitutions by ASCII code unit (0 = none): 0→o 1→i 3→e 4→a 5→s 7→t @→a $→s !→i.
const LEET_TO = new Uint8Array(128);
for (const [from, to] of ['0o', '1i', '3e', '4a', '5s', '7t', '@a', '$s', '!i'])
  LEET_TO[from!.charCodeAt(0)] = to!.charCodeAt(0);
const AT = 64;
const BANG = 33;
const isDigit = (u: number): boolean => u >= 48 && u <= 57;
const DOMAIN_AT = /[a-z0-9-]+\.[a-z]{2,}/y;

// What a code point is to the leetspeak pass: outside a token, a letter, a leet character, or
// another token character (a non-ASCII number); bits, so that `(a | b) === 3` is a letter next to
// a leet character. BMP units' kinds are read from a table filled on first sight, where a space
// or dot also has the `SEPARATOR` bit; 0 = not known yet or a surrogate: the code point decides.
const LETTER = 1;
const LEETISH = 2;
const OTHER = 4;
const OUTSIDE = 8;
const SEPARATOR = 16;
const UNIT_KIND = new Uint8Array(0x10000);
UNIT_KIND[32] = UNIT_KIND[46] = OUTSIDE | SEPARATOR;

function leetKind(cp: number): number {
  if (cp < 128 && (LEET_TO[cp] !== 0 || isDigit(cp))) return LEETISH;
  if (isLetterCp(cp)) return LETTER;
  return isLetterOrNumberCp(cp) ? OTHER : OUTSIDE;
}

/** The leet kind of the code point at `i`, learning a BMP unit's kind; an astral one is two units. */
function kindAt(codes: Uint16Array, text: string, i: number): number {
  const u = codes[i] as number;
  const kind = UNIT_KIND[u] as number;
  if (kind !== 0) return kind;
  if (isSurrogate(u)) return leetKind(text.codePointAt(i) as number);
  return (UNIT_KIND[u] = leetKind(u));
}

const isSurrogate = (u: number): boolean => u >= 0xd800 && u <= 0xdfff;
const isHigh = (u: number): boolean => u >= 0xd800 && u <= 0xdbff;
const isLow = (u: number): boolean => u >= 0xdc00 && u <= 0xdfff;

// What `survey` found: work that each later pass may have.
export const MAY_SPACE = 1;
export const TRIPLE = 2;
export const LEET_NEAR = 4;

/** Where a letter follows a leet character or the reverse (index of the second code point), in order. */
const nearAt: number[] = [];

/**
 * One scan over the folded units for the three later passes: whether spaced letters may be there
 * (`MAY_SPACE`, a necessary condition of `SPACED`), whether a letter unit appears three times in a
 * row (`TRIPLE`), and where a leet character touches a letter (`nearAt`: only tokens around those
 * can change). The common listing needs no other pass. Every branch in the loop is rarely taken:
 * a branch taken at each word boundary is hard to predict and cost more than the rest of the scan.
 */
export function survey(b: Units, text: string): number {
  const codes = b.codes; // the units of `text`: typed-array reads are cheaper than charCodeAt
  const n = b.length;
  let found = 0;
  let prev = OUTSIDE;
  let separators = 0; // bit k: the unit k places back is a space or dot
  nearAt.length = 0;
  for (let i = 0; i < n; ) {
    const u = codes[i] as number;
    let kind = UNIT_KIND[u] as number;
    let len = 1;
    if (kind === 0) {
      kind = kindAt(codes, text, i);
      if (isSurrogate(u)) found |= MAY_SPACE; // astral letters are two units: let the regex decide
      if (i + 1 < n && isHigh(u) && isLow(codes[i + 1] as number)) len = 2;
    }
    if (i >= 2 && u === codes[i - 1] && u === codes[i - 2] && kind === LETTER && len === 1) found |= TRIPLE;
    if ((prev | kind) === 3) nearAt.push(i);
    separators = ((separators << 1) | (kind >> 4)) & 7;
    if (separators === 5 && spacedAt(codes, i - 2, n)) found |= MAY_SPACE;
    prev = kind;
    i += len;
  }
  return nearAt.length > 0 ? found | LEET_NEAR : found;
}

/**
 * Pass 4: leetspeak inside words ("c0ke", "w33d", "h@sj"), in place (same length), in the tokens
 * (maximal runs of letters, numbers and `@$!`) around `nearAt`. Numbers with units ("600w",
 * "25mg"), handles' digit suffixes ("greenjet1090") and e-mail "@" are left alone. Substitutions
 * turn token characters into letters, so token bounds stay. Returns whether a character changed.
 */
export function unleet(b: Units, text: string): boolean {
  let changed = false;
  let end = 0;
  for (const at of nearAt) {
    if (at < end) continue; // in the token just done
    end = tokenEnd(b, text, at);
    if (unleetToken(b, text, tokenStart(b, text, at), end)) changed = true;
  }
  return changed;
}

/** Where the token holding the code point at `at` starts. */
function tokenStart(b: Units, text: string, at: number): number {
  const c = b.codes;
  let i = at;
  while (i > 0) {
    const len = i >= 2 && isLow(c[i - 1] as number) && isHigh(c[i - 2] as number) ? 2 : 1;
    if (kindAt(c, text, i - len) & OUTSIDE) break;
    i -= len;
  }
  return i;
}

/** Where the token holding the code point at `at` ends (exclusive). */
function tokenEnd(b: Units, text: string, at: number): number {
  const c = b.codes;
  let i = at;
  while (i < b.length && !(kindAt(c, text, i) & OUTSIDE))
    i += i + 1 < b.length && isHigh(c[i] as number) && isLow(c[i + 1] as number) ? 2 : 1;
  return i;
}

/** Leetspeak in the token `[start, end)` of `b.codes`; returns whether a character changed. */
function unleetToken(b: Units, text: string, start: number, end: number): boolean {
  const c = b.codes;
  if (c[start] === AT || digitsThenLetters(b, text, start, end)) return false;
  let letters = 0;
  for (let k = start; k < end; k++) if (isLetterCp(c[k] as number)) letters++;
  if (letters < 2) return false;
  let lo = start;
  while (lo < end && isDigit(c[lo] as number)) lo++;
  if (lo - start < 2) lo = start;
  let hi = end;
  while (hi > start && isDigit(c[hi - 1] as number)) hi--;
  if (end - hi < 2) hi = end;
  let digits = 0;
  for (let k = lo; k < hi; k++) if (isDigit(c[k] as number)) digits++;
  if (digits > letters) return false;
  let changed = false;
  for (let k = lo; k < hi; k++) {
    const u = c[k] as number;
    const sub = u < 128 ? (LEET_TO[u] as number) : 0;
    if (sub === 0 || (u === BANG && k === hi - 1) || !nearLetter(c, k, start, end)) continue;
    DOMAIN_AT.lastIndex = k + 1;
    if (u === AT && DOMAIN_AT.test(text)) continue;
    c[k] = sub;
    changed = true;
  }
  return changed;
}

/**
 * Whether the leet character at `k` touches a letter or follows another leet character inside its
 * token. The unit before may already be substituted: it then was a leet character and is now a
 * letter, so the answer is the same as on the original units.
 */
function nearLetter(c: Uint16Array, k: number, start: number, end: number): boolean {
  const before = k > start ? (c[k - 1] as number) : 32;
  const after = k + 1 < end ? (c[k + 1] as number) : 32;
  return isLetterCp(before) || isLetterCp(after) || (before < 128 && LEET_TO[before] !== 0);
}

/** Whether the token `[start, end)` is digits then letters (`/^[0-9]+\p{L}+$/u`): a number with its unit. */
function digitsThenLetters(b: Units, text: string, start: number, end: number): boolean {
  const c = b.codes;
  let k = start;
  while (k < end && isDigit(c[k] as number)) k++;
  if (k === start || k === end) return false;
  while (k < end) {
    const u = c[k] as number;
    const cp = isHigh(u) ? (text.codePointAt(k) as number) : u;
    if (!isLetterCp(cp)) return false;
    k += cp > 0xffff ? 2 : 1;
  }
  return true;
}

// The spaced-letters regex costs ~4 µs per 300 characters and rarely matches: `survey` runs this
// cheap code-unit check at each "separator, unit, separator" first, a necessary condition of it.
const LETTERISH = (c: number): boolean => c >= 128 || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);

/**
 * Whether `SPACED` can match around the space or dot at `i`, with a space or dot at `i + 2` too:
 * a lone letter, this separator, a letter, the other separator, a letter that is not followed by
 * a letter or digit (else the run has one step only, or starts earlier).
 */
function spacedAt(c: Uint16Array, i: number, n: number): boolean {
  return (
    i >= 1 &&
    i + 3 < n &&
    LETTERISH(c[i - 1] as number) &&
    LETTERISH(c[i + 1] as number) &&
    LETTERISH(c[i + 3] as number) &&
    (i < 2 || !(isAsciiAlnum(c[i - 2] as number) || c[i - 2] === 64 || c[i - 2] === 95)) &&
    (i + 4 >= n || !isAsciiAlnum(c[i + 4] as number))
  );
}
