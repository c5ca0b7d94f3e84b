/**
 * Scoring for `classify`: the same contributions as `featurise` + the linear model, without building a
 * unit object per token. A token's word, stem and char n-gram weights are summed once per distinct
 * word and model (`createWordMemo`), since listings reuse a small vocabulary.
 */
import type { Analysis } from './analyse.ts';
import { evidencePairs, evidenceUnits, pairHash } from './evidence.ts';
import { LANG_SLOT, bigram, textScale, tokenHashes } from './hashing.ts';
import type { Unit } from './features.ts';
import { interleave } from './model.ts';
import type { LinearModel } from './model.ts';
import { createWordMemo } from './tokenise.ts';
import type { Language, Word } from './tokenise.ts';

/**
 * Per-unit contributions, units in `featurise`'s order: the tokens, the evidence units, then the pairs
 * of evidence units.
 */
export interface Scored {
  /** `contrib[2k]` to the market margin, `contrib[2k + 1]` to the production margin. */
  contrib: number[];
  nWords: number;
  evidence: Unit[];
  /** Flat `[x, y, …]` positions in `evidence` of each pair's parts. */
  pairs: number[];
}

// What one distinct token brings, for one model and one language: a row of `ROW` numbers in a table
// (objects would keep each number in a separate heap cell, a cache miss apiece).
const HASH = 0; // unmasked word hash, to form bigrams
const MARKET = 1; // word + stem weights (summed in that order, as the unit's index list is)
const PRODUCTION = 2;
const GRAMS_MARKET = 3; // char n-gram weight sums
const GRAMS_PRODUCTION = 4;
const FEATURES = 5; // features besides the bigram: word, stem if any, n-grams
const ROW = 6;
// Rows before the table starts over (~25 MB at most): after each vocabulary reset (every 200,000
// words) the word memos start over and append new rows.
const MAX_ROWS = 1 << 19;

/**
 * Builds the scorer of a model: `score(analysis)` gives every unit's contribution to both margins.
 * `maxRows` bounds the per-word table (tests make it small).
 */
export function createScorer(model: LinearModel, maxRows = MAX_ROWS): (a: Analysis) => Scored {
  const w = interleave(model);
  const mask = model.dims - 1;
  let table = new Float64Array(1024 * ROW);
  let rows = 0;

  /** Adds the row of a new word and gives where it starts in `table`. */
  const weigh = (text: string, lang: Language): number => {
    const slot = LANG_SLOT[lang];
    const h = tokenHashes(text, lang, slot, mask);
    const stem = h.stems[slot] as number;
    let market = 0;
    let production = 0;
    market += w[2 * (h.word & mask)] as number;
    production += w[2 * (h.word & mask) + 1] as number;
    if (stem >= 0) {
      market += w[2 * (stem & mask)] as number;
      production += w[2 * (stem & mask) + 1] as number;
    }
    let gramsMarket = 0;
    let gramsProduction = 0;
    for (let k = 0; k < h.grams.length; k++) {
      const i = h.grams[k] as number;
      gramsMarket += w[2 * i] as number;
      gramsProduction += w[2 * i + 1] as number;
    }
    if ((rows + 1) * ROW > table.length) {
      const bigger = new Float64Array(table.length * 2);
      bigger.set(table);
      table = bigger;
    }
    const at = rows++ * ROW;
    table[at + HASH] = h.word;
    table[at + MARKET] = market;
    table[at + PRODUCTION] = production;
    table[at + GRAMS_MARKET] = gramsMarket;
    table[at + GRAMS_PRODUCTION] = gramsProduction;
    table[at + FEATURES] = (stem >= 0 ? 2 : 1) + h.grams.length;
    return at;
  };

  // One memo per language: a word's stem depends on it.
  const newMemos = (): Array<(word: Word) => number> =>
    (['fr', 'nl', 'en'] as const).map((lang) => createWordMemo((word) => weigh(word.text, lang)));
  let memos = newMemos();

  return (a) => {
    const toks = a.tokens;
    const n = toks.length;
    // Only between listings: a listing's rows must stay valid until it is scored.
    if (rows + n > maxRows) {
      rows = 0;
      memos = newMemos();
    }
    const slot = LANG_SLOT[a.language];
    const rowOf = memos[slot] as (word: Word) => number;
    const at: number[] = new Array(n);
    let features = n > 0 ? n - 1 : 0; // one bigram per token but the last
    for (let i = 0; i < n; i++) {
      const r = rowOf(toks[i]!.word);
      at[i] = r;
      features += table[r + FEATURES] as number;
    }
    const scale = textScale(features);
    const evidence = evidenceUnits(a, mask);
    const pairs = evidencePairs(evidence);
    // A plain array (a small typed array costs a separate allocation outside the heap), sized once.
    const contrib: number[] = new Array(2 * (n + evidence.length) + pairs.length);
    let c = 0;
    for (let i = 0; i < n; i++) {
      const r = at[i] as number;
      let market = table[r + MARKET] as number;
      let production = table[r + PRODUCTION] as number;
      if (i + 1 < n) {
        const b = bigram(table[r + HASH] as number, table[(at[i + 1] as number) + HASH] as number) & mask;
        market += w[2 * b] as number;
        production += w[2 * b + 1] as number;
      }
      contrib[c++] = (market + (table[r + GRAMS_MARKET] as number)) * scale;
      contrib[c++] = (production + (table[r + GRAMS_PRODUCTION] as number)) * scale;
    }
    for (let k = 0; k < evidence.length; k++) {
      const u = evidence[k] as Unit;
      let market = 0;
      let production = 0;
      for (const i of u.idx) {
        market += w[2 * i] as number;
        production += w[2 * i + 1] as number;
      }
      contrib[c++] = market * u.val;
      contrib[c++] = production * u.val;
    }
    for (let p = 0; p < pairs.length; p += 2) {
      const i =
        pairHash(evidence[pairs[p] as number] as Unit, evidence[pairs[p + 1] as number] as Unit) & mask;
      contrib[c++] = w[2 * i] as number;
      contrib[c++] = w[2 * i + 1] as number;
    }
    return { contrib, nWords: n, evidence, pairs };
  };
}
