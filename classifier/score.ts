/**
 * Scoring for `classify`: the same contributions as `featurise` + the linear model, without building a
 * unit object per token. A token's word, stem and char n-gram weights are summed once per distinct
 * word and model (`createWordMemo`), since listings reuse a small vocabulary.
 */
import type { Analysis } from './analyse.ts';
import {
  LANG_SLOT,
  bigram,
  evidencePairs,
  evidenceUnits,
  pairHash,
  textScale,
  tokenHashes,
} from './features.ts';
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

/** What one distinct token brings, for one model and one language. */
interface WordWeights {
  /** Unmasked word hash, to form bigrams. */
  hash: number;
  /** Word + stem weights (summed in that order, as the unit's index list is). */
  market: number;
  production: number;
  /** Char n-gram weight sums. */
  gramsMarket: number;
  gramsProduction: number;
  /** Features besides the bigram: word, stem if any, n-grams. */
  features: number;
}

/** Builds the scorer of a model: `score(analysis)` gives every unit's contribution to both margins. */
export function createScorer(model: LinearModel): (a: Analysis) => Scored {
  const w = interleave(model);
  const mask = model.dims - 1;

  const weigh = (text: string, lang: Language): WordWeights => {
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
    return {
      hash: h.word,
      market,
      production,
      gramsMarket,
      gramsProduction,
      features: (stem >= 0 ? 2 : 1) + h.grams.length,
    };
  };

  // One memo per language: a word's stem depends on it.
  const memos = (['fr', 'nl', 'en'] as const).map((lang) => createWordMemo((word) => weigh(word.text, lang)));

  return (a) => {
    const toks = a.tokens;
    const n = toks.length;
    const slot = LANG_SLOT[a.language];
    const weightsOf = memos[slot] as (word: Word) => WordWeights;
    const words: WordWeights[] = new Array(n);
    let features = n > 0 ? n - 1 : 0; // one bigram per token but the last
    for (let i = 0; i < n; i++) {
      const ww = weightsOf(toks[i]!.word);
      words[i] = ww;
      features += ww.features;
    }
    const scale = textScale(features);
    const evidence = evidenceUnits(a, mask);
    const pairs = evidencePairs(evidence);
    // Plain arrays: small typed arrays each cost a separate allocation outside the heap.
    const contrib: number[] = [];
    for (let i = 0; i < n; i++) {
      const ww = words[i] as WordWeights;
      let market = ww.market;
      let production = ww.production;
      if (i + 1 < n) {
        const b = bigram(ww.hash, (words[i + 1] as WordWeights).hash) & mask;
        market += w[2 * b] as number;
        production += w[2 * b + 1] as number;
      }
      contrib.push((market + ww.gramsMarket) * scale, (production + ww.gramsProduction) * scale);
    }
    for (let k = 0; k < evidence.length; k++) {
      const u = evidence[k] as Unit;
      let market = 0;
      let production = 0;
      for (const i of u.idx) {
        market += w[2 * i] as number;
        production += w[2 * i + 1] as number;
      }
      contrib.push(market * u.val, production * u.val);
    }
    for (let p = 0; p < pairs.length; p += 2) {
      const i =
        pairHash(evidence[pairs[p] as number] as Unit, evidence[pairs[p + 1] as number] as Unit) & mask;
      contrib.push(w[2 * i] as number, w[2 * i + 1] as number);
    }
    return { contrib, nWords: n, evidence, pairs };
  };
}
