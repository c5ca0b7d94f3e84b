/**
 * Text normalisation that keeps a map back to the original characters, so every later match
 * (lexicon hit, contact, commune) can be highlighted in the text the analyst sees.
 */
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
  starts: Int32Array;
  ends: Int32Array;
  length: number;
}

const scratch: Builder = {
  codes: new Uint16Array(4096),
  starts: new Int32Array(4096),
  ends: new Int32Array(4096),
  length: 0,
};

function grow(b: Builder, need: number): void {
  if (need <= b.codes.length) return;
  const size = Math.max(need, b.codes.length * 2);
  const codes = new Uint16Array(size);
  const starts = new Int32Array(size);
  const ends = new Int32Array(size);
  codes.set(b.codes);
  starts.set(b.starts);
  ends.set(b.ends);
  Object.assign(b, { codes, starts, ends });
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
    out = ch
      .normalize('NFKC')
      .toLowerCase()
      .normalize('NFD')
      .replace(/\p{M}+/gu, '');
    out = out.replace(/[œæßøł’‘`]/g, (c) => EXTRA[c] ?? c);
  }
  if (charCache.size < 50_000) charCache.set(cp, out);
  return out;
}

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

/** Pass 1: code points → folded characters, emoji → ` emo_name ` tokens, flags → ` emo_flag_xx `. */
function fold(input: string, b: Builder): void {
  b.length = 0;
  grow(b, input.length + 16);
  for (let i = 0; i < input.length; ) {
    const c = input.charCodeAt(i);
    if (c < 128) {
      grow(b, b.length + 1);
      b.codes[b.length] = c >= 65 && c <= 90 ? c + 32 : c;
      b.starts[b.length] = i;
      b.ends[b.length++] = i + 1;
      i++;
      continue;
    }
    const cp = input.codePointAt(i) as number;
    const len = cp > 0xffff ? 2 : 1;
    if (isRegional(cp)) {
      const next = input.codePointAt(i + len) ?? 0;
      if (isRegional(next)) {
        const code = String.fromCharCode(cp - 0x1f1e6 + 97, next - 0x1f1e6 + 97);
        push(b, ` emo_flag_${code} `, i, i + 4);
        i += 4;
        continue;
      }
    }
    push(b, foldChar(cp), i, i + len);
    i += len;
  }
}

function textOf(b: Builder): string {
  let s = '';
  for (let i = 0; i < b.length; i += 4096)
    s += String.fromCharCode.apply(
      null,
      b.codes.subarray(i, Math.min(b.length, i + 4096)) as unknown as number[],
    );
  return s;
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
    for (let k = m.index + 1; k < m.index + m[0].length; k += 2) drop.add(k);
  }
  if (drop.size > 0) compact(b, (i) => !drop.has(i));
}

const REPEATED = /(\p{L})\1\1/u;

/** Pass 3: letters repeated three times or more are cut to two ("weeeed" → "weed"). */
function squeezeRepeats(b: Builder, text: string): void {
  const codes = Uint16Array.from(b.codes.subarray(0, b.length));
  const letter = (i: number): boolean => /\p{L}/u.test(text.charAt(i));
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
const isLetter = (c: string | undefined): boolean => c !== undefined && /\p{L}/u.test(c);
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const TOKEN_CHAR = /^[\p{L}\p{N}@$!]$/u;
const LEET_NEAR_LETTER = /\p{L}[0-9@$!]|[0-9@$!]\p{L}/u;
const LEET_NEAR_LETTER_G = new RegExp(LEET_NEAR_LETTER.source, 'gu');
const DOMAIN_AFTER = /^[a-z0-9-]+\.[a-z]{2,}/;

/**
 * Pass 3: leetspeak inside words ("c0ke", "w33d", "h@sj"), in place (same length). Numbers with
 * units ("600w", "25mg"), handles' digit suffixes ("greenjet1090") and e-mail "@" are left alone.
 */
function unleet(b: Builder, text: string): void {
  // Only tokens with a leet character next to a letter can change: find those, not every token.
  LEET_NEAR_LETTER_G.lastIndex = 0;
  for (let m = LEET_NEAR_LETTER_G.exec(text); m !== null; m = LEET_NEAR_LETTER_G.exec(text)) {
    let start = m.index;
    while (start > 0) {
      const prev = codePointBefore(text, start);
      if (!TOKEN_CHAR.test(String.fromCodePoint(prev))) break;
      start -= prev > 0xffff ? 2 : 1;
    }
    let end = m.index + m[0].length;
    while (end < text.length) {
      const next = text.codePointAt(end) as number;
      if (!TOKEN_CHAR.test(String.fromCodePoint(next))) break;
      end += next > 0xffff ? 2 : 1;
    }
    unleetToken(b, text, text.slice(start, end), start);
    LEET_NEAR_LETTER_G.lastIndex = end;
  }
}

/** The code point that ends just before `i` (a surrogate pair counts as one). */
function codePointBefore(text: string, i: number): number {
  const low = text.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = text.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.codePointAt(i - 2) as number;
  }
  return low;
}

/** Leetspeak in one token (a maximal run of letters, digits and `@$!`) that starts at `at`. */
function unleetToken(b: Builder, text: string, tok: string, at: number): void {
  if (/^[0-9]+\p{L}+$/u.test(tok) || tok.startsWith('@')) return;
  const chars = tok.split('');
  let letters = 0;
  for (const c of chars) if (isLetter(c)) letters++;
  if (letters < 2) return;
  let lo = 0;
  while (isDigit(chars[lo])) lo++;
  if (lo < 2) lo = 0;
  let hi = chars.length;
  while (hi > 0 && isDigit(chars[hi - 1])) hi--;
  if (chars.length - hi < 2) hi = chars.length;
  let digits = 0;
  for (let k = lo; k < hi; k++) if (isDigit(chars[k])) digits++;
  if (digits > letters) return;
  for (let k = lo; k < hi; k++) {
    const c = chars[k] as string;
    const sub = LEET[c];
    if (sub === undefined) continue;
    if (c === '@' && DOMAIN_AFTER.test(tok.slice(k + 1) + text.slice(at + tok.length))) continue;
    const nearLetter =
      isLetter(chars[k - 1]) || isLetter(chars[k + 1]) || LEET[chars[k - 1] ?? ''] !== undefined;
    if (!nearLetter || (c === '!' && k === hi - 1)) continue;
    b.codes[at + k] = sub.charCodeAt(0);
  }
}

// The Unicode regexes below cost ~8 µs per 300 characters and rarely match: cheap code-unit gates
// first. Each gate is a necessary condition of its regex, so skipping it changes nothing.
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

/** Whether `REPEATED` can match: the same code unit three times in a row. */
function hasTriple(b: Builder): boolean {
  const c = b.codes;
  for (let i = 2; i < b.length; i++) if (c[i] === c[i - 1] && c[i] === c[i - 2]) return true;
  return false;
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
  if (hasTriple(b) && REPEATED.test(text)) {
    squeezeRepeats(b, text);
    text = textOf(b);
  }
  if (LEET_NEAR_LETTER.test(text)) {
    unleet(b, text);
    text = textOf(b);
  }
  return { text, starts: b.starts.slice(0, b.length), ends: b.ends.slice(0, b.length) };
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
