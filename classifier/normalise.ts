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
const TOKEN = /[\p{L}\p{N}@$!]+/gu;
const LEET_NEAR_LETTER = /\p{L}[0-9@$!]|[0-9@$!]\p{L}/u;
const DOMAIN_AFTER = /^[a-z0-9-]+\.[a-z]{2,}/;

/**
 * Pass 3: leetspeak inside words ("c0ke", "w33d", "h@sj"), in place (same length). Numbers with
 * units ("600w", "25mg"), handles' digit suffixes ("greenjet1090") and e-mail "@" are left alone.
 */
function unleet(b: Builder, text: string): void {
  for (const m of text.matchAll(TOKEN)) {
    const tok = m[0];
    if (!LEET_NEAR_LETTER.test(tok) || /^[0-9]+\p{L}+$/u.test(tok) || tok.startsWith('@')) continue;
    const chars = tok.split('');
    let letters = 0;
    for (const c of chars) if (isLetter(c)) letters++;
    if (letters < 2) continue;
    let lo = 0;
    while (isDigit(chars[lo])) lo++;
    if (lo < 2) lo = 0;
    let hi = chars.length;
    while (hi > 0 && isDigit(chars[hi - 1])) hi--;
    if (chars.length - hi < 2) hi = chars.length;
    let digits = 0;
    for (let k = lo; k < hi; k++) if (isDigit(chars[k])) digits++;
    if (digits > letters) continue;
    for (let k = lo; k < hi; k++) {
      const c = chars[k] as string;
      const sub = LEET[c];
      if (sub === undefined) continue;
      if (c === '@' && DOMAIN_AFTER.test(tok.slice(k + 1) + text.slice(m.index + tok.length))) continue;
      const nearLetter =
        isLetter(chars[k - 1]) || isLetter(chars[k + 1]) || LEET[chars[k - 1] ?? ''] !== undefined;
      if (!nearLetter || (c === '!' && k === hi - 1)) continue;
      b.codes[m.index + k] = sub.charCodeAt(0);
    }
  }
}

/** Normalises a text for matching: NFKC, case, accents, emoji names, spaced letters, leetspeak, repeats. */
export function normalise(input: string): NormalisedText {
  const b = scratch;
  fold(input, b);
  let text = textOf(b);
  if (SPACED.test(text)) {
    SPACED.lastIndex = 0;
    despace(b, text);
    text = textOf(b);
  }
  if (REPEATED.test(text)) {
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
