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
// v - 1, -1 = anything else (empty or several units: ask `foldChar`). Saves a Map lookup per letter.
const FOLD_UNIT = new Int32Array(0x10000);

function foldUnit(c: number): number {
  let v = FOLD_UNIT[c] as number;
  if (v === 0) {
    const s = foldChar(c);
    v = s.length === 1 ? s.charCodeAt(0) + 1 : -1;
    FOLD_UNIT[c] = v;
  }
  return v;
}

const isSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdfff;

/** Pass 1: code points → folded characters, emoji → ` emo_name ` tokens, flags → ` emo_flag_xx `. */
function fold(input: string, b: Builder): void {
  b.length = 0;
  grow(b, input.length + 16);
  const units = codeUnits(input);
  let { codes, starts, ends } = b;
  let n = 0;
  for (let i = 0; i < input.length; ) {
    const c = units[i] as number;
    // ASCII and BMP characters that fold to one unit: the common case, written without a string.
    const unit = c < 128 ? (c >= 65 && c <= 90 ? c + 33 : c + 1) : isSurrogate(c) ? 0 : foldUnit(c);
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

const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  '!': 'i',
};
const isLetter = (c: string | undefined): boolean => c !== undefined && isLetterCp(c.charCodeAt(0));
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
// Regexes with \p{…} stay module constants: tsx (esbuild) compiles such a literal inside a function
// into `new RegExp(…)`, built again on every call.
const DIGITS_THEN_LETTERS = /^[0-9]+\p{L}+$/u;
const DOMAIN_AFTER = /^[a-z0-9-]+\.[a-z]{2,}/;

// What a code point is to the leetspeak pass: outside a token, a letter, a leet character, or
// another token character (a non-ASCII number). ASCII kinds come from a table.
const OUTSIDE = 0;
const LETTER = 1;
const LEETISH = 2;
const OTHER = 3;
const ASCII_KIND = new Uint8Array(128).map((_, c) =>
  '0123456789@$!'.includes(String.fromCharCode(c)) ? LEETISH : isLetterCp(c) ? LETTER : OUTSIDE,
);

function leetKind(cp: number): number {
  if (cp < 128) return ASCII_KIND[cp] as number;
  if (isLetterCp(cp)) return LETTER;
  return isLetterOrNumberCp(cp) ? OTHER : OUTSIDE;
}

/**
 * Pass 4: leetspeak inside words ("c0ke", "w33d", "h@sj"), in place (same length). Numbers with
 * units ("600w", "25mg"), handles' digit suffixes ("greenjet1090") and e-mail "@" are left alone.
 * Only tokens (maximal runs of letters, numbers and `@$!`) with a leet character next to a letter
 * can change: one scan finds them. Returns whether a character changed.
 */
function unleet(b: Builder, text: string): boolean {
  const codes = b.codes; // the units of `text`: typed-array reads are cheaper than charCodeAt
  const n = b.length;
  let changed = false;
  let start = 0;
  let prev = OUTSIDE;
  let near = false;
  for (let i = 0; i <= n; ) {
    const c = i < n ? (codes[i] as number) : 32; // a space past the end closes the last token
    const cp = c < 0xd800 || c > 0xdbff ? c : (text.codePointAt(i) as number);
    const kind = leetKind(cp);
    const len = cp > 0xffff ? 2 : 1;
    if (kind === OUTSIDE) {
      if (near && unleetToken(b, text, text.slice(start, i), start)) changed = true;
      near = false;
      start = i + len;
    } else if ((prev === LETTER && kind === LEETISH) || (prev === LEETISH && kind === LETTER)) near = true;
    prev = kind;
    i += len;
  }
  return changed;
}

/** Leetspeak in one token; returns whether it changed a character (a maximal run of letters, digits and `@$!`) that starts at `at`. */
function unleetToken(b: Builder, text: string, tok: string, at: number): boolean {
  if (DIGITS_THEN_LETTERS.test(tok) || tok.startsWith('@')) return false;
  const chars = tok.split('');
  let letters = 0;
  for (const c of chars) if (isLetter(c)) letters++;
  if (letters < 2) return false;
  let lo = 0;
  while (isDigit(chars[lo])) lo++;
  if (lo < 2) lo = 0;
  let hi = chars.length;
  while (hi > 0 && isDigit(chars[hi - 1])) hi--;
  if (chars.length - hi < 2) hi = chars.length;
  let digits = 0;
  for (let k = lo; k < hi; k++) if (isDigit(chars[k])) digits++;
  if (digits > letters) return false;
  let changed = false;
  for (let k = lo; k < hi; k++) {
    const c = chars[k] as string;
    const sub = LEET[c];
    if (sub === undefined) continue;
    if (c === '@' && DOMAIN_AFTER.test(tok.slice(k + 1) + text.slice(at + tok.length))) continue;
    const nearLetter =
      isLetter(chars[k - 1]) || isLetter(chars[k + 1]) || LEET[chars[k - 1] ?? ''] !== undefined;
    if (!nearLetter || (c === '!' && k === hi - 1)) continue;
    b.codes[at + k] = sub.charCodeAt(0);
    changed = true;
  }
  return changed;
}

// The spaced-letters regex costs ~4 µs per 300 characters and rarely matches: a cheap code-unit
// gate first. The gate is a necessary condition of the regex, so skipping it changes nothing.
const SEPARATOR = (c: number): boolean => c === 32 || c === 46;
const LETTERISH = (c: number): boolean => c >= 128 || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const ALNUM = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);

/**
 * Whether `SPACED` can match: a lone letter, a space or dot, a letter, a space or dot, a letter
 * that is not followed by a letter or digit (else the run has one step only, or starts earlier).
 */
function maySpace(b: Builder): boolean {
  const c = b.codes;
  const n = b.length;
  for (let i = 0; i < n; i++) {
    const u = c[i] as number;
    if (u >= 0xd800 && u <= 0xdfff) return true; // astral letters are two units: let the regex decide
    if (
      i >= 1 &&
      i + 3 < n &&
      SEPARATOR(u) &&
      SEPARATOR(c[i + 2] as number) &&
      LETTERISH(c[i - 1] as number) &&
      LETTERISH(c[i + 1] as number) &&
      LETTERISH(c[i + 3] as number) &&
      (i < 2 || !(ALNUM(c[i - 2] as number) || c[i - 2] === 64 || c[i - 2] === 95)) &&
      (i + 4 >= n || !ALNUM(c[i + 4] as number))
    )
      return true;
  }
  return false;
}

/**
 * Whether `squeezeRepeats` has work: the same letter unit three times in a row. (A regex
 * `(\p{L})\1\1` would also see astral letters, which the unit-wise squeeze leaves alone.)
 */
function hasLetterTriple(b: Builder): boolean {
  const c = b.codes;
  for (let i = 2; i < b.length; i++) {
    const u = c[i] as number;
    if (u === c[i - 1] && u === c[i - 2] && isLetterCp(u)) return true;
  }
  return false;
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
  if (maySpace(b) && SPACED.test(text)) {
    SPACED.lastIndex = 0;
    despace(b, text);
    text = textOf(b);
  }
  if (hasLetterTriple(b)) {
    squeezeRepeats(b, text);
    text = textOf(b);
  }
  if (unleet(b, text)) text = textOf(b);
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
