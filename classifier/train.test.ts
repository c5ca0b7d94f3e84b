import { describe, expect, it } from 'vitest';
import { loadResources } from './analyse.ts';
import { loadCorpus } from './corpus.ts';
import type { CorpusItem } from './corpus.ts';
import { labelMetrics } from './evaluate.ts';
import type { Predictions } from './evaluate.ts';
import { createClassifier } from './index.ts';
import { toArtefact } from './model.ts';
import { bestThreshold, stratifiedFolds } from './train.ts';
import { retrain, trainModel, trainOptions } from './training.ts';

const res = loadResources();
const corpus = loadCorpus();
const ys = corpus.map(
  (c) =>
    ({
      market: c.labels.includes('market') ? 1 : 0,
      production: c.labels.includes('production') ? 1 : 0,
    }) as const,
);

// The naive filter the issue describes: any drug-like word is a market signal, any grow word a production one.
const DRUG_WORDS =
  /\b(weed|wiet|beuh|hasj|hash|shit|coke|cocaine|c0ke|snow|sneeuw|neige|speed|mdma|xtc|molly|keta|ket|pills?|cannabis|herbe|plug|joints?|haze|skunk|lsd|champis|crack|heroine?)\b|🍁|❄️|💊|🌿/iu;
const GROW_WORDS =
  /\b(lampes?|lampen|lamps?|ballasts?|tentes?|tents?|kweek\w*|grow\w*|boutures?|stekjes?|cuttings?|clones?|récolte|oogst|harvest|bmk|pmk|labo?|compteur|teller|meter)\b/iu;

function keywordBaseline(items: readonly CorpusItem[]): Predictions {
  return items.map((it) => {
    const t = `${it.title}\n${it.text}`;
    return { market: DRUG_WORDS.test(t), production: GROW_WORDS.test(t) };
  });
}

describe('training', () => {
  it('is deterministic: the same seed gives the same artefact, another seed another one', () => {
    const sample = corpus.filter((_, i) => i % 4 === 0);
    const o = trainOptions(res, { seed: 7, epochs: 4, thresholdFolds: 3 });
    const a = JSON.stringify(toArtefact(trainModel(sample, res, o)));
    const b = JSON.stringify(toArtefact(trainModel(sample, res, o)));
    expect(a).toBe(b);
    const c = JSON.stringify(toArtefact(trainModel(sample, res, { ...o, seed: 8 })));
    expect(c).not.toBe(a);
  });

  it('beats the keyword baseline by far on a fixed held-out split, hard negatives included', () => {
    const folds = stratifiedFolds(ys, 5, 42);
    const train = corpus.filter((_, i) => folds[i] !== 0);
    const test = corpus.filter((_, i) => folds[i] === 0);
    const classifier = createClassifier({ model: trainModel(train, res, trainOptions(res)), resources: res });
    const model = labelMetrics(
      test,
      test.map((it) => {
        const c = classifier.classify(it);
        return { market: c.labels.includes('market'), production: c.labels.includes('production') };
      }),
    );
    const baseline = labelMetrics(test, keywordBaseline(test));
    expect(baseline.macroF1).toBeLessThan(0.8);
    expect(model.macroF1).toBeGreaterThan(baseline.macroF1 + 0.15);
    expect(model.macroF1).toBeGreaterThan(0.85);
    expect(model.hardNegativeFpRate).toBeLessThan(baseline.hardNegativeFpRate / 2);
  });

  it('chooses the threshold that maximises F1 between two margins', () => {
    expect(bestThreshold([3, 2, 1, -1, -2], [1, 1, 1, 0, 0])).toBe(0);
    expect(bestThreshold([3, 2, 1, -1], [1, 0, 1, 0])).toBe(0);
  });

  it('stratifies folds by label combination', () => {
    const folds = stratifiedFolds(ys, 5, 1);
    for (let f = 0; f < 5; f++) {
      const inFold = ys.filter((_, i) => folds[i] === f);
      const both = inFold.filter((y) => y.market && y.production).length;
      expect(both).toBeGreaterThanOrEqual(5);
      expect(both).toBeLessThanOrEqual(7);
    }
  });
});

describe('retrain', () => {
  it('compares before/after on the same folds and refuses to promote a model made worse by bad verdicts', () => {
    const sample = corpus.filter((_, i) => i % 3 === 0);
    const o = trainOptions(res, { epochs: 4, thresholdFolds: 3 });
    // Analysts who "confirm" innocent listings as markets teach the model nonsense.
    const bad = corpus
      .filter((c) => c.hard_negative)
      .slice(0, 40)
      .map((c) => ({ title: c.title, text: c.text, labels: ['market' as const] }));
    const report = retrain(sample, bad, res, o, 3);
    expect(report.verdicts).toBe(40);
    expect(report.after.macroF1).toBeLessThan(report.before.macroF1);
    expect(report.promote).toBe(false);
    expect(report.model.version).toMatch(/^linear-1-/);
  });

  it('promotes when the verdicts agree with the corpus', () => {
    const sample = corpus.filter((_, i) => i % 3 === 0);
    const o = trainOptions(res, { epochs: 4, thresholdFolds: 3 });
    const good = corpus
      .filter((_, i) => i % 3 === 1)
      .map((c) => ({ title: c.title, text: c.text, labels: c.labels }));
    const report = retrain(sample, good, res, o, 3);
    expect(report.after.macroF1).toBeGreaterThanOrEqual(report.before.macroF1);
    expect(report.promote).toBe(true);
  });
});
