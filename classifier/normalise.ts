/**
 * Text normalisation that keeps a map back to the original characters, so every later match
 * (lexicon hit, contact, commune) can be highlighted in the text the analyst sees.
 */
import { codeUnits, isLetterCp } from './char-class.ts';
import { EMOJI_NAMES } from './emoji.ts';
import { LEET_NEAR, MAY_SPACE, TRIPLE, survey, unleet } from './leetspeak.ts';

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
