/**
 * Text normalisation that keeps a map back to the original characters, so every later match
 * (lexicon hit, contact, commune) can be highlighted in the text the analyst sees.
 */
import { codeUnits, isLetterCp, isLetterOrNumberCp } from './char-class.ts';
import { EMOJI_NAMES } from './emoji.ts';

/** Normalised text; `starts[i]`/`ends[i]` give the original range the i-th character came from. */
export interface NormalisedText {
  text: string;
  starts: Int32Array;
  ends: Int32Array;
}

/** Scratch buffers reused across calls (classify is synchronous): no garbage per character. */
interface Builder {
  /** UTF-16 code units of the normalised text. */
  codes: Uint16Array;
  /** The same memory as `codes`, as a Buffer: its UTF-16 decoder is the cheapest way to a string. */
  bytes: Buffer;
  starts: Int32Array;
  ends: Int32Array;
  length: number;
}

function newBuilder(size: number): Builder {
  const codes = new Uint16Array(size);
  const bytes = Buffer.from(codes.buffer);
  return { codes, bytes, starts: new Int32Array(size), ends: new Int32Array(size), length: 0 };
}

const scratch = newBuilder(4096);

function grow(b: Builder, need: number): void {
  if (need <= b.codes.length) return;
  const bigger = newBuilder(Math.max(need, b.codes.length * 2));
  bigger.codes.set(b.codes);
  bigger.starts.set(b.starts);
  bigger.ends.set(b.ends);
  bigger.length = b.length;
  Object.assign(b, bigger);
}

const charCache = new Map<number, string>();
const EXTRA: Record<string, string> = {
  œ: 'oe',
  æ: 'ae',
  ß: 'ss',
  ø: 'o',
  ł: 'l',
  '’': "'",
  '‘': "'",
  '`': "'",
};

/** NFKC, lower case, accents stripped, for one code point (cached: texts repeat the same few letters). */
function foldChar(cp: number): string {
  let out = charCache.get(cp);
  if (out !== undefined) return out;
  const ch = String.fromCodePoint(cp);
  const name = EMOJI_NAMES[ch];
  if (name !== undefined) out = ` emo_${name} `;
  else if (INVISIBLE.has(ch) || (cp >= 0x1f3fb && cp <= 0x1f3ff)) out = '';
  else if (PICTOGRAPH.test(ch)) out = ' ';
  else {
    out = ch.normalize('NFKC').toLowerCase().normalize('NFD').replace(MARKS, '');
    out = out.replace(/[œæßøł’‘`]/g, (c) => EXTRA[c] ?? c);
  }
  if (charCache.size < 50_000) charCache.set(cp, out);
  return out;
}

const MARKS = /\p{M}+/gu;
const INVISIBLE = new Set(['\u200d', '\ufe0e', '\ufe0f', '\u20e3', '\u200b', '\u2060']);
const PICTOGRAPH = /^\p{Extended_Pictographic}$/u;
const isRegional = (cp: number): boolean => cp >= 0x1f1e6 && cp <= 0x1f1ff;

function push(b: Builder, s: string, start: number, end: number): void {
  grow(b, b.length + s.length);
  for (let k = 0; k < s.length; k++) {
    b.codes[b.length] = s.charCodeAt(k);
    b.starts[b.length] = start;
    b.ends[b.length++] = end;
  }
}

// Folds of BMP code units, filled on first sight: 0 = not yet known, v > 0 = the single unit
// v - 1, -1 = anything else (empty or several units, or a surrogate: ask `foldRare`). ASCII only
// changes case, and is filled at start: one table read per unit, no branch on the character.
const FOLD_UNIT = new Int32Array(0x10000);
for (let c = 0; c < 128; c++) FOLD_UNIT[c] = (c >= 65 && c <= 90 ? c + 32 : c) + 1;
FOLD_UNIT.fill(-1, 0xd800, 0xe000);

function learnFold(c: number): number {
  const s = foldChar(c);
  const v = s.length === 1 ? s.charCodeAt(0) + 1 : -1;
  FOLD_UNIT[c] = v;
  return v;
}

/** Pass 1: code points → folded characters, emoji → ` emo_name ` tokens, flags → ` emo_flag_xx `. */
function fold(input: string, b: Builder): void {
  b.length = 0;
  grow(b, input.length + 16);
  const units = codeUnits(input);
  let { codes, starts, ends } = b;
  let n = 0;
  for (let i = 0; i < input.length; ) {
    const c = units[i] as number;
    // Characters that fold to one unit: the common case, written without a string.
    let unit = FOLD_UNIT[c] as number;
    if (unit === 0) unit = learnFold(c);
    if (unit > 0) {
      if (n === codes.length) {
        b.length = n;
        grow(b, n + 1);
        ({ codes, starts, ends } = b);
      }
      codes[n] = unit - 1;
      starts[n] = i;
      ends[n++] = ++i;
      continue;
    }
    b.length = n;
    i = foldRare(input, i, b);
    ({ codes, starts, ends, length: n } = b);
  }
  b.length = n;
}

/** Folds the code point at `i` that is not a one-unit fold (emoji, flags, ligatures); returns the next index. */
function foldRare(input: string, i: number, b: Builder): number {
  const cp = input.codePointAt(i) as number;
  const len = cp > 0xffff ? 2 : 1;
  if (isRegional(cp)) {
    const next = input.codePointAt(i + len) ?? 0;
    if (isRegional(next)) {
      const code = String.fromCharCode(cp - 0x1f1e6 + 97, next - 0x1f1e6 + 97);
      push(b, ` emo_flag_${code} `, i, i + 4);
      return i + 4;
    }
  }
  push(b, foldChar(cp), i, i + len);
  return i + len;
}
// ~4× cheaper than a TextDecoder; keeps lone surrogates and a leading U+FEFF as they are, and
// gives a one-byte string when every unit fits. Units are read little-endian (x64, arm64).
function textOf(b: Builder): string {
  return b.bytes.toString('utf16le', 0, b.length * 2);
}

/** Keeps only the characters for which `keepAt` is true, in place. */
function compact(
  b: Builder,
  keepAt: (i: number) => boolean,
  onDrop?: (kept: number, i: number) => void,
): void {
  let w = 0;
  for (let i = 0; i < b.length; i++) {
    if (!keepAt(i)) {
      onDrop?.(w, i);
      continue;
    }
    b.codes[w] = b.codes[i] as number;
    b.starts[w] = b.starts[i] as number;
    b.ends[w++] = b.ends[i] as number;
  }
  b.length = w;
}

// Three or more single letters separated by one space or dot: "b e u h", "w.i.e.t".
const SPACED = /(?<![\p{L}\p{N}@_])\p{L}(?:[ .]\p{L}){2,}(?![\p{L}\p{N}])/gu;

/** Pass 2: join spaced or dotted single letters. */
function despace(b: Builder, text: string): void {
  const drop = new Set<number>();
  for (const m of text.matchAll(SPACED)) {
    // The separators go; letters may be two code units (astral), so look at each unit.
    for (let k = m.index + 1; k < m.index + m[0].length; k++) {
      const u = text.charCodeAt(k);
      if (u === 32 || u === 46) drop.add(k);
    }
  }
  if (drop.size > 0) compact(b, (i) => !drop.has(i));
}

/** Pass 3: letters repeated three times or more are cut to two ("weeeed" → "weed"). */
function squeezeRepeats(b: Builder, text: string): void {
  const codes = Uint16Array.from(b.codes.subarray(0, b.length));
  const letter = (i: number): boolean => isLetterCp(text.charCodeAt(i));
  compact(
    b,
    (i) => !(i >= 2 && codes[i] === codes[i - 1] && codes[i] === codes[i - 2] && letter(i)),
    (kept, i) => {
      b.ends[kept - 1] = b.ends[i] as number;
    },
  );
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
const MAY_SPACE = 1;
const TRIPLE = 2;
const LEET_NEAR = 4;

/** Where a letter follows a leet character or the reverse (index of the second code point), in order. */
const nearAt: number[] = [];

/**
 * One scan over the folded units for the three later passes: whether spaced letters may be there
 * (`MAY_SPACE`, a necessary condition of `SPACED`), whether a letter unit appears three times in a
 * row (`TRIPLE`), and where a leet character touches a letter (`nearAt`: only tokens around those
 * can change). The common listing needs no other pass. Every branch in the loop is rarely taken:
 * a branch taken at each word boundary is hard to predict and cost more than the rest of the scan.
 */
function survey(b: Builder, text: string): number {
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
function unleet(b: Builder, text: string): boolean {
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
function tokenStart(b: Builder, text: string, at: number): number {
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
function tokenEnd(b: Builder, text: string, at: number): number {
  const c = b.codes;
  let i = at;
  while (i < b.length && !(kindAt(c, text, i) & OUTSIDE))
    i += i + 1 < b.length && isHigh(c[i] as number) && isLow(c[i + 1] as number) ? 2 : 1;
  return i;
}

/** Leetspeak in the token `[start, end)` of `b.codes`; returns whether a character changed. */
function unleetToken(b: Builder, text: string, start: number, end: number): boolean {
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
function digitsThenLetters(b: Builder, text: string, start: number, end: number): boolean {
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
const ALNUM = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);

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
    (i < 2 || !(ALNUM(c[i - 2] as number) || c[i - 2] === 64 || c[i - 2] === 95)) &&
    (i + 4 >= n || !ALNUM(c[i + 4] as number))
  );
}

// Offset maps are carved from shared 64 KB buffers: a typed array with its own buffer costs
// about a microsecond to allocate, a view into an existing one a fraction of that.
const POOL_BYTES = 1 << 16;
let pool = new ArrayBuffer(POOL_BYTES);
let poolUsed = 0;

function offsets(from: Int32Array, length: number): Int32Array {
  const bytes = length * 4;
  if (bytes > POOL_BYTES / 4) return from.slice(0, length); // long texts: their own buffer
  if (poolUsed + bytes > POOL_BYTES) {
    pool = new ArrayBuffer(POOL_BYTES);
    poolUsed = 0;
  }
  const out = new Int32Array(pool, poolUsed, length);
  poolUsed += bytes;
  out.set(from.subarray(0, length));
  return out;
}

/** Normalises a text for matching: NFKC, case, accents, emoji names, spaced letters, leetspeak, repeats. */
export function normalise(input: string): NormalisedText {
  const b = scratch;
  fold(input, b);
  let text = textOf(b);
  let found = survey(b, text);
  if (found & MAY_SPACE && SPACED.test(text)) {
    SPACED.lastIndex = 0;
    despace(b, text);
    text = textOf(b);
    found = survey(b, text);
  }
  if (found & TRIPLE) {
    squeezeRepeats(b, text);
    text = textOf(b);
    found = survey(b, text);
  }
  if (found & LEET_NEAR && unleet(b, text)) text = textOf(b);
  return { text, starts: offsets(b.starts, b.length), ends: offsets(b.ends, b.length) };
}

/** Maps a range of the normalised text back to the original text. */
export function originalSpan(n: NormalisedText, start: number, end: number): { start: number; end: number } {
  if (end <= start) return { start: n.starts[start] ?? 0, end: n.starts[start] ?? 0 };
  return { start: n.starts[start] as number, end: n.ends[end - 1] as number };
}

/** Folds a lexicon term the same way as texts (without offsets). */
export function normaliseTerm(term: string): string {
  return normalise(term).text.replace(/\s+/g, ' ').trim();
}
