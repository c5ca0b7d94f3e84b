/** Tokens with offsets, language detection (fr / nl / en) and stemming with natural's stemmers. */
import { createRequire } from 'node:module';
import { codeUnits, isLetterOrNumberCp } from './char-class.ts';

/** natural's stemmer objects. */
interface Stemmer {
  stem(word: string): string;
}
// The stemmers alone, not natural's index: that loads natural's storage back-ends and with them
// node-redis, whose `class … extends String` makes V8's charCodeAt ~4x slower in the whole process.
const require = createRequire(import.meta.url);
const stemmer = (file: string): Stemmer => require(`natural/lib/natural/stemmers/${file}`) as Stemmer;
const PorterStemmerFr = stemmer('porter_stemmer_fr.js');
const PorterStemmerNl = stemmer('porter_stemmer_nl.js');
const PorterStemmer = stemmer('porter_stemmer.js');

/** A token of the normalised text, with its offsets there. */
export interface Token {
  text: string;
  start: number;
  end: number;
  /** The distinct word it is an occurrence of. */
  word: Word;
}

/**
 * A distinct token string, shared by all its occurrences. Listings reuse a small vocabulary: what
 * depends on the word alone is found once per word (`createWordMemo`), where a string-keyed look-up
 * per occurrence and step would cost more (~50–130 ns each on a fresh token string).
 */
export interface Word {
  readonly text: string;
  /** Unique in the process, never reused (not even after the vocabulary is reset). */
  readonly id: number;
  /** Languages it is a stop word of: bit 1 fr, 2 nl, 4 en. */
  readonly stopMask: number;
}

const VOCABULARY_MAX = 200_000;
// The words' code units, laid end to end: a look-up compares a token's units with them in place,
// where a string-keyed Map would first slice the token and hash the new string (~100 ns). Past
// POOL_MAX units (a few very long tokens) the vocabulary starts again, as past VOCABULARY_MAX words.
const POOL_MAX = 1 << 22;
const POOL_START = 1 << 16;
const SLOTS_START = 1 << 12;
// A per-process seed: a listing cannot be written to make many words share a slot.
const SEED = (Math.random() * 0x1_0000_0000) | 0;

/** The current words, by `id - vocabularyBase`, and where their units are in `pool` (start, length). */
let words: Word[] = [];
let wordUnits = new Int32Array(2 * SLOTS_START);
let pool = new Uint16Array(POOL_START);
let poolUsed = 0;
// Open addressing, linear probing, at most half full. A slot is 2 entries, 1 + the word's index
// (0: free) and its hash: probing passes other words without reading them, in a small table.
const SLOT = 2;
let slots = new Int32Array(SLOTS_START * SLOT);
let nextWordId = 0;
// Id of the first word of the current vocabulary: word memos index their arrays from it.
let vocabularyBase = 0;

/** The seeded hash of `units[start, end)` (murmur-like per unit, so every bit reaches the slot). */
function hashUnits(units: Uint16Array, start: number, end: number): number {
  let h = SEED;
  for (let i = start; i < end; i++) {
    h = Math.imul(h ^ (units[i] as number), 0x5bd1e995);
    h ^= h >>> 15;
  }
  return h;
}

/** Whether the pooled units from `at` on are `units[start, start + length)`. */
function sameUnits(at: number, units: Uint16Array, start: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (pool[at + k] !== units[start + k]) return false;
  return true;
}

/** The word of the token `text[start, end)`, whose code units `units` holds; added if new. */
function wordOf(text: string, units: Uint16Array, start: number, end: number): Word {
  const length = end - start;
  const hash = hashUnits(units, start, end);
  const last = slots.length - SLOT;
  let s = (hash * SLOT) & last;
  for (let k = (slots[s] as number) - 1; k >= 0; k = (slots[s] as number) - 1) {
    if (
      slots[s + 1] === hash &&
      wordUnits[2 * k + 1] === length &&
      sameUnits(wordUnits[2 * k] as number, units, start, length)
    )
      return words[k] as Word;
    s = (s + SLOT) & last;
  }
  return addWord(text.slice(start, end), units, start, hash, s);
}

/** Adds a word, its units copied from `units[start…]`, in the free slot at `s`. */
function addWord(text: string, units: Uint16Array, start: number, hash: number, s: number): Word {
  const w: Word = { text, id: nextWordId++, stopMask: STOP_MASK.get(text) ?? 0 };
  if (poolUsed + text.length > pool.length) {
    const grown = new Uint16Array(Math.max(2 * pool.length, poolUsed + text.length));
    grown.set(pool.subarray(0, poolUsed));
    pool = grown;
  }
  for (let u = 0; u < text.length; u++) pool[poolUsed + u] = units[start + u] as number; // no subarray view to allocate
  const k = words.push(w) - 1;
  if (2 * k + 2 > wordUnits.length) {
    const grown = new Int32Array(2 * wordUnits.length);
    grown.set(wordUnits);
    wordUnits = grown;
  }
  wordUnits[2 * k] = poolUsed;
  wordUnits[2 * k + 1] = text.length;
  slots[s] = k + 1;
  slots[s + 1] = hash;
  poolUsed += text.length;
  if (2 * SLOT * words.length > slots.length) growSlots();
  return w;
}

/** Doubles the slot table, placing every word again. */
function growSlots(): void {
  const old = slots;
  slots = new Int32Array(2 * old.length);
  const last = slots.length - SLOT;
  for (let o = 0; o < old.length; o += SLOT) {
    if (old[o] === 0) continue;
    let s = ((old[o + 1] as number) * SLOT) & last;
    while (slots[s] !== 0) s = (s + SLOT) & last;
    for (let k = 0; k < SLOT; k++) slots[s + k] = old[o + k] as number;
  }
}

/** Starts an empty vocabulary (ids go on: memos see the new base and start again). */
function resetVocabulary(): void {
  words = [];
  wordUnits = new Int32Array(2 * SLOTS_START);
  if (pool.length > POOL_MAX) pool = new Uint16Array(POOL_START);
  poolUsed = 0;
  slots = new Int32Array(SLOTS_START * SLOT);
  vocabularyBase = nextWordId;
}

/**
 * Memoises `compute(word)` (never undefined) in an array indexed by word id: no string look-up.
 * After a vocabulary reset the memo starts again; a word from before it is computed, not kept.
 */
export function createWordMemo<T>(compute: (word: Word) => T): (word: Word) => T {
  let base = vocabularyBase;
  let memo: T[] = [];
  return (word) => {
    if (base !== vocabularyBase) {
      base = vocabularyBase;
      memo = [];
    }
    const k = word.id - base;
    if (k < 0) return compute(word);
    let v = memo[k];
    if (v === undefined) {
      v = compute(word);
      memo[k] = v;
    }
    return v;
  };
}

export type Language = 'fr' | 'nl' | 'en';

/** Whether the code point is a word character (`[\p{L}\p{N}_]`). */
const isWordCp = (cp: number): boolean => cp === 95 || isLetterOrNumberCp(cp);

/** Splits normalised text into tokens (Unicode letters and digits; `emo_*` names stay whole). */
export function tokenise(text: string): Token[] {
  // Reset between listings only, so that the words of one listing always share a vocabulary.
  if (words.length >= VOCABULARY_MAX || poolUsed >= POOL_MAX) resetVocabulary();
  // A scan over the code units: a regex exec per token would also build a match array for each.
  const out: Token[] = [];
  const units = codeUnits(text);
  const n = text.length;
  let start = -1; // where the current token began, or -1 between tokens
  for (let i = 0; i < n; ) {
    const c = units[i] as number;
    let cp = c;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = units[i + 1] as number;
      if (d >= 0xdc00 && d <= 0xdfff) cp = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
    }
    if (isWordCp(cp)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      const word = wordOf(text, units, start, i);
      out.push({ text: word.text, start, end: i, word });
      start = -1;
    }
    i += cp > 0xffff ? 2 : 1;
  }
  if (start >= 0) {
    const word = wordOf(text, units, start, n);
    out.push({ text: word.text, start, end: n, word });
  }
  return out;
}

const STOPWORDS: Record<Language, ReadonlySet<string>> = {
  fr: new Set(
    'le la les un une des du de et est sur pour avec dans pas je tu il on nous vous ils ce cette qui que au aux mon ma mes ton ta par plus ou mais tres tout tous chez sans deja ne se sont suis'.split(
      ' ',
    ),
  ),
  nl: new Set(
    'de het een en van op voor met in is niet ik je jij we wij zij dat die er te bij ook naar of maar heel nog wel zijn uit aan om als mijn geen tot door over wie wat'.split(
      ' ',
    ),
  ),
  en: new Set(
    'the a an and of on for with in is not i you we they it this that to at also or but very all my your be are was from by if no any have has just only get who what'.split(
      ' ',
    ),
  ),
};
const LANGS: Language[] = ['fr', 'nl', 'en'];

// One lookup per token: bit 1 = fr, 2 = nl, 4 = en.
const STOP_MASK = new Map<string, number>();
LANGS.forEach((l, bit) => {
  for (const w of STOPWORDS[l]) STOP_MASK.set(w, (STOP_MASK.get(w) ?? 0) | (1 << bit));
});

/** Detects the main language from stop words; Brussels texts mix them, so the winner is the largest share. */
export function detectLanguage(tokens: readonly Token[]): Language {
  const counts = [0, 0, 0];
  for (const t of tokens) {
    const mask = t.word.stopMask;
    if (mask === 0) continue;
    for (let bit = 0; bit < 3; bit++) if (mask & (1 << bit)) (counts[bit] as number)++;
  }
  let best = 0;
  for (let bit = 1; bit < 3; bit++) if ((counts[bit] as number) > (counts[best] as number)) best = bit;
  return LANGS[best] as Language;
}

const STEMMERS: Record<Language, Stemmer> = {
  fr: PorterStemmerFr,
  nl: PorterStemmerNl,
  en: PorterStemmer,
};
const stemCache: Record<Language, Map<string, string>> = { fr: new Map(), nl: new Map(), en: new Map() };
const STEM_CACHE_MAX = 200_000;

/** Stems one token with the language's stemmer (memoised: the vocabulary of listings is small). */
export function stem(token: string, lang: Language): string {
  const cache = stemCache[lang];
  let out = cache.get(token);
  if (out !== undefined) return out;
  out = token.length < 4 || /[\d_]/.test(token) ? token : STEMMERS[lang].stem(token);
  if (cache.size >= STEM_CACHE_MAX) cache.clear();
  cache.set(token, out);
  return out;
}
