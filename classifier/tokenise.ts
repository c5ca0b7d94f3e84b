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

const vocabulary = new Map<string, Word>();
const VOCABULARY_MAX = 200_000;
let nextWordId = 0;
// Id of the first word of the current vocabulary: word memos index their arrays from it.
let vocabularyBase = 0;

function wordOf(text: string): Word {
  let w = vocabulary.get(text);
  if (w === undefined) {
    w = { text, id: nextWordId++, stopMask: STOP_MASK.get(text) ?? 0 };
    vocabulary.set(text, w);
  }
  return w;
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
  if (vocabulary.size >= VOCABULARY_MAX) {
    vocabulary.clear();
    vocabularyBase = nextWordId;
  }
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
      const t = text.slice(start, i);
      out.push({ text: t, start, end: i, word: wordOf(t) });
      start = -1;
    }
    i += cp > 0xffff ? 2 : 1;
  }
  if (start >= 0) {
    const t = text.slice(start, n);
    out.push({ text: t, start, end: n, word: wordOf(t) });
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
