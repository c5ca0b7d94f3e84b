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

interface Builder {
  chars: string[];
  starts: number[];
  ends: number[];
}

const charCache = new Map<string, string>();
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
function foldChar(ch: string): string {
  let out = charCache.get(ch);
  if (out !== undefined) return out;
  out = ch
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '');
  out = out.replace(/[œæßøł’‘`]/g, (c) => EXTRA[c] ?? c);
  if (charCache.size < 50_000) charCache.set(ch, out);
  return out;
}

const INVISIBLE = new Set(['\u200d', '\ufe0e', '\ufe0f', '\u20e3', '\u200b', '\u2060']);
const isInvisible = (ch: string): boolean => INVISIBLE.has(ch) || /^[\u{1f3fb}-\u{1f3ff}]$/u.test(ch);
const PICTOGRAPH = /^\p{Extended_Pictographic}$/u;
const REGIONAL = /^[\u{1f1e6}-\u{1f1ff}]$/u;

function push(b: Builder, s: string, start: number, end: number): void {
  for (const c of s) {
    b.chars.push(c);
    b.starts.push(start);
    b.ends.push(end);
  }
}

/** Pass 1: code points → folded characters, emoji → ` emo_name ` tokens, flags → ` emo_flag_xx `. */
function fold(input: string): Builder {
  const b: Builder = { chars: [], starts: [], ends: [] };
  const cps = Array.from(input);
  let pos = 0;
  for (let i = 0; i < cps.length; i++) {
    const ch = cps[i] as string;
    const start = pos;
    pos += ch.length;
    if (isInvisible(ch)) continue;
    const next = cps[i + 1];
    if (REGIONAL.test(ch) && next !== undefined && REGIONAL.test(next)) {
      const code = String.fromCharCode(
        ch.codePointAt(0)! - 0x1f1e6 + 97,
        next.codePointAt(0)! - 0x1f1e6 + 97,
      );
      pos += next.length;
      i++;
      push(b, ` emo_flag_${code} `, start, pos);
      continue;
    }
    const name = EMOJI_NAMES[ch];
    if (name !== undefined) push(b, ` emo_${name} `, start, pos);
    else if (PICTOGRAPH.test(ch)) push(b, ' ', start, pos);
    else push(b, foldChar(ch), start, pos);
  }
  return b;
}

function keep(b: Builder, out: Builder, i: number, ch?: string): void {
  out.chars.push(ch ?? (b.chars[i] as string));
  out.starts.push(b.starts[i] as number);
  out.ends.push(b.ends[i] as number);
}

// Three or more single letters separated by one space or dot: "b e u h", "w.i.e.t".
const SPACED = /(?<![\p{L}\p{N}@_])\p{L}(?:[ .]\p{L}){2,}(?![\p{L}\p{N}])/gu;

/** Pass 2: join spaced or dotted single letters. */
function despace(b: Builder): Builder {
  const text = b.chars.join('');
  const drop = new Set<number>();
  for (const m of text.matchAll(SPACED)) {
    for (let k = m.index + 1; k < m.index + m[0].length; k += 2) drop.add(k);
  }
  if (drop.size === 0) return b;
  const out: Builder = { chars: [], starts: [], ends: [] };
  for (let i = 0; i < b.chars.length; i++) if (!drop.has(i)) keep(b, out, i);
  return out;
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
const DOMAIN_AFTER = /^[a-z0-9-]+\.[a-z]{2,}/;

/**
 * Pass 3: leetspeak inside words ("c0ke", "w33d", "h@sj"), in place (same length). Numbers with
 * units ("600w", "25mg"), handles' digit suffixes ("greenjet1090") and e-mail "@" are left alone.
 */
function unleet(b: Builder): void {
  const text = b.chars.join('');
  for (const m of text.matchAll(TOKEN)) {
    const tok = m[0];
    if (!/[0-9@$!]/.test(tok) || /^[0-9]+\p{L}+$/u.test(tok) || tok.startsWith('@')) continue;
    const chars = Array.from(tok);
    if (chars.length !== tok.length) continue;
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
      b.chars[m.index + k] = sub;
    }
  }
}

/** Pass 4: letters repeated three times or more are cut to two ("weeeed" → "weed"). */
function squeezeRepeats(b: Builder): Builder {
  const out: Builder = { chars: [], starts: [], ends: [] };
  for (let i = 0; i < b.chars.length; i++) {
    const c = b.chars[i] as string;
    if (c === b.chars[i - 1] && c === b.chars[i - 2] && isLetter(c)) {
      const last = out.ends.length - 1;
      out.ends[last] = b.ends[i] as number;
      continue;
    }
    keep(b, out, i);
  }
  return out;
}

/** Normalises a text for matching: NFKC, case, accents, emoji names, spaced letters, leetspeak, repeats. */
export function normalise(input: string): NormalisedText {
  const b = squeezeRepeats(despace(fold(input)));
  unleet(b);
  return { text: b.chars.join(''), starts: Int32Array.from(b.starts), ends: Int32Array.from(b.ends) };
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
