import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyse, loadResources } from './analyse.ts';
import { loadCorpus } from './corpus.ts';
import { featurise } from './features.ts';
import type { Unit } from './features.ts';
import { readModel } from './index.ts';
import { createScorer } from './score.ts';

const resources = loadResources();
const model = readModel(fileURLToPath(new URL('./model/model.json', import.meta.url)));
const corpus = loadCorpus();

/** What training sees: each unit's features dotted with the weights, the slow and obvious way. */
function reference(units: readonly Unit[]): number[] {
  const out: number[] = [];
  for (const u of units) {
    for (const label of ['market', 'production'] as const) {
      const w = model.labels[label].weights;
      let sum = 0;
      for (const i of u.idx) sum += w[i] as number;
      for (const i of u.grams ?? []) sum += w[i] as number;
      out.push(sum * u.val);
    }
  }
  return out;
}

describe('createScorer (the classify path) against featurise (the training path)', () => {
  it('gives every unit of every corpus listing the same contribution, in the same order', () => {
    const score = createScorer(model);
    let units = 0;
    for (const item of corpus) {
      const a = analyse(item, resources);
      const expected = featurise(a, model.dims);
      const scored = score(a);
      expect(scored.nWords).toBe(a.tokens.length);
      expect(scored.contrib).toHaveLength(2 * expected.length);
      const want = reference(expected);
      for (let k = 0; k < want.length; k++) expect(scored.contrib[k]).toBeCloseTo(want[k] as number, 9);
      // Pairs point at the same parts in both paths.
      const pairs = expected.filter((u) => u.partIndex).map((u) => u.partIndex);
      const fast: number[][] = [];
      for (let p = 0; p < scored.pairs.length; p += 2)
        fast.push([scored.nWords + scored.pairs[p]!, scored.nWords + scored.pairs[p + 1]!]);
      expect(fast).toEqual(pairs);
      units += expected.length;
    }
    expect(units).toBeGreaterThan(corpus.length * 10);
  });

  it('starts its word table over when it is full, between listings', () => {
    const score = createScorer(model, 64);
    const listings = corpus.slice(0, 40).map((item) => analyse(item, resources));
    for (const a of [...listings, ...listings]) {
      const want = reference(featurise(a, model.dims));
      score(a).contrib.forEach((c, k) => expect(c).toBeCloseTo(want[k] as number, 9));
    }
  });

  it('is not fooled by its memo: a token seen in one language and then another keeps each stem', () => {
    const score = createScorer(model);
    const fr = analyse({ text: 'les plantations et les boutures sont dans le jardin' }, resources);
    const en = analyse({ text: 'the plantations and the cuttings are in the garden' }, resources);
    expect([fr.language, en.language]).toEqual(['fr', 'en']);
    for (const a of [fr, en, fr]) {
      const want = reference(featurise(a, model.dims));
      score(a).contrib.forEach((c, k) => expect(c).toBeCloseTo(want[k] as number, 9));
    }
  });
});
