/**
 * The lexicon-only model: hand-set weights on lexicon groups, entities and their combinations, in
 * the same hashed space as the trained model. It is the fallback when no trained artefact exists.
 */
import { fnv } from './hashing.ts';
import type { LexiconMatcher } from './lexicon.ts';
import type { LabelModel, LinearModel } from './model.ts';
import { DEFAULT_TRAIN_OPTIONS } from './train.ts';

export const LEXICON_MODEL_VERSION = 'lexicon-0.1';

const ENTITY_WEIGHTS: Record<string, [market: number, production: number]> = {
  price_per_gram: [1.6, 0],
  quantity_price: [1.0, 0],
  price: [0.1, 0.2],
  contact_telegram: [0.7, 0.3],
  contact_snapchat: [0.8, 0.2],
  contact_signal: [0.6, 0.4],
  contact_wickr: [0.8, 0.4],
  contact_session: [0.8, 0.6],
  contact_threema: [0.6, 0.6],
  contact_whatsapp: [0.3, 0.2],
  contact_phone: [0.5, 0.2],
  'subst_strong&price_gram': [1.5, 0],
  'subst_strong&price_qty': [1.2, 0],
  'subst_ambiguous&price_gram': [1.4, 0],
  'subst_ambiguous&price_qty': [0.8, 0],
  'subst_strong&messenger_true': [1.0, 0],
  'subst_ambiguous&messenger_true': [0.8, 0],
  'subst_ambiguous&price_plain': [0.6, 0],
  'subst_strong&counter_1': [-0.5, 0],
  'subst_strong&counter_2': [-1.5, 0],
  'market_2&subst_strong': [0.8, 0],
  'market_3&subst_strong': [1.2, 0],
  'market_2&subst_ambiguous': [0.5, 0],
  'market_3&subst_ambiguous': [0.9, 0],
  'production_2&counter_0': [0, 0.8],
  'production_3&counter_0': [0, 1.5],
};

/** Builds the hand-weighted lexicon model from the compiled lexicons. */
export function createLexiconModel(lexicon: LexiconMatcher, dims = DEFAULT_TRAIN_OPTIONS.dims): LinearModel {
  const mask = dims - 1;
  const make = (bias: number): LabelModel => ({ bias, weights: new Float32Array(dims), threshold: 0 });
  const market = make(-3);
  const production = make(-3.2);
  const set = (seed: string, key: string, m: number, p: number): void => {
    const i = fnv(key, fnv(seed)) & mask;
    market.weights[i] = (market.weights[i] as number) + m;
    production.weights[i] = (production.weights[i] as number) + p;
  };
  for (const group of lexicon.groups) {
    const w = lexicon.weightOf(group);
    if (group.startsWith('substance.')) {
      const strong = group.endsWith('.strong');
      const precursor = group.startsWith('substance.precursor');
      set('L:', group, precursor ? -0.5 : strong ? 1.5 : 0.6, precursor && strong ? 2.5 : 0);
    } else if (group.startsWith('market.')) set('L:', group, 0.6 * w, 0);
    else if (group.startsWith('production.'))
      set('L:', group, group.endsWith('own_production') ? 0.6 : -0.4 * w, 0.9 * w);
    else if (group.startsWith('counter.')) set('L:', group, -1.0 * w, -1.0 * w);
  }
  for (const [key, [m, p]] of Object.entries(ENTITY_WEIGHTS)) set('E:', key, m, p);
  return {
    version: LEXICON_MODEL_VERSION,
    dims,
    labels: { market, production },
    meta: { kind: 'lexicon' },
  };
}
