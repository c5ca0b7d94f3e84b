/**
 * Feature hashing: FNV-1a, one seed per feature family, and the memoised hashes of a token (word,
 * stem, char n-grams), so that features never need to be built as strings.
 */
import { codeUnits } from './char-class.ts';
import { stem } from './tokenise.ts';
import type { Language } from './tokenise.ts';

const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 16777619;

/** FNV-1a over a string, continuing from `h`. */
export function fnv(s: string, h: number = FNV_OFFSET): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

export const SEED_WORD = fnv('w:');
export const SEED_STEM = fnv('s:');
export const SEED_BIGRAM = fnv('b:');
export const SEED_CHAR = fnv('c:');
export const SEED_LEX = fnv('L:');
export const SEED_TERM = fnv('T:');
export const SEED_ENT = fnv('E:');
export const SEED_PAIR = fnv('P:');

/** Hashes of one token's word, char n-grams (3–5 of " token ") and stems, memoised: listings reuse a small vocabulary. */
export interface TokenHashes {
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
export const combine = (a: number, b: number, seed: number): number =>
  Math.imul(Math.imul(a ^ seed, FNV_PRIME) ^ b, 0x5bd1e995) >>> 0;

/** The hash of the bigram of two tokens, from their word hashes. */
export const bigram = (first: number, second: number): number => combine(first, second, SEED_BIGRAM);

/** Text features are scaled so that a listing's words weigh the same whatever its length. */
export const textScale = (features: number): number => (features > 0 ? 1 / Math.sqrt(features) : 0);
