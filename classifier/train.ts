/**
 * Training: hashed sparse features → one logistic regression per label (seeded SGD with L2),
 * decision thresholds chosen on out-of-fold margins, the whole thing deterministic for a seed.
 */
import type { ClassifierInput, SignalLabel } from '../domain/signal.ts';
import { analyse } from './analyse.ts';
import type { AnalysisResources } from './analyse.ts';
import { featurise } from './features.ts';
import { LABELS } from './model.ts';
import type { LabelModel, LinearModel } from './model.ts';

/** A labeled text, from the corpus or from analysts' verdicts. */
export interface LabeledText extends ClassifierInput {
  labels: SignalLabel[];
}

/** One example as a sparse vector (indices sorted, duplicates summed). */
export interface Example {
  idx: Int32Array;
  val: Float32Array;
  y: Record<SignalLabel, 0 | 1>;
}

/** Training hyper-parameters (defaults chosen by cross-validation, see README). */
export interface TrainOptions {
  seed: number;
  dims: number;
  epochs: number;
  learningRate: number;
  l2: number;
  /** Folds used to choose thresholds on out-of-fold margins. */
  thresholdFolds: number;
  /** Weights to start from and to shrink towards (the lexicon model). */
  prior?: LinearModel;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  seed: 42,
  dims: 1 << 18,
  epochs: 10,
  learningRate: 0.1,
  l2: 1e-3,
  thresholdFolds: 5,
};

/** Seeded PRNG (mulberry32): same seed, same shuffles, same model. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(xs: T[], rand: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [xs[i], xs[j]] = [xs[j] as T, xs[i] as T];
  }
  return xs;
}

/** Turns labeled texts into sparse examples. */
export function prepare(items: readonly LabeledText[], res: AnalysisResources, dims: number): Example[] {
  return items.map((it) => {
    const acc = new Map<number, number>();
    for (const u of featurise(analyse(it, res), dims)) {
      for (const i of u.idx) acc.set(i, (acc.get(i) ?? 0) + u.val);
      for (const i of u.grams ?? []) acc.set(i, (acc.get(i) ?? 0) + u.val);
    }
    const keys = [...acc.keys()].sort((a, b) => a - b);
    return {
      idx: Int32Array.from(keys),
      val: Float32Array.from(keys.map((k) => acc.get(k) as number)),
      y: {
        market: it.labels.includes('market') ? 1 : 0,
        production: it.labels.includes('production') ? 1 : 0,
      },
    };
  });
}

/** Margin of a label model on a sparse example. */
export function exampleMargin(m: LabelModel, ex: Example): number {
  let z = m.bias;
  for (let k = 0; k < ex.idx.length; k++)
    z += (m.weights[ex.idx[k] as number] as number) * (ex.val[k] as number);
  return z;
}

function trainLabel(
  examples: readonly Example[],
  label: SignalLabel,
  o: TrainOptions,
  seed: number,
): LabelModel {
  // Start from the lexicon model and shrink towards it: what the corpus does not cover keeps the reviewed weight.
  const prior = o.prior?.labels[label];
  const w0 = prior && o.prior?.dims === o.dims ? prior.weights : new Float32Array(o.dims);
  const m: LabelModel = { bias: prior?.bias ?? 0, weights: Float32Array.from(w0), threshold: 0 };
  const rand = rng(seed);
  const order = examples.map((_, i) => i);
  const pos = examples.filter((e) => e.y[label] === 1).length;
  // Balance the classes: production is the rarer label and must not be drowned.
  const wPos = pos > 0 ? examples.length / (2 * pos) : 1;
  const wNeg = pos < examples.length ? examples.length / (2 * (examples.length - pos)) : 1;
  // AdaGrad: per-feature step sizes, so rare char n-grams and frequent lexicon features both learn.
  const g2 = new Float32Array(o.dims);
  let b2 = 0;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    shuffle(order, rand);
    for (const i of order) {
      const ex = examples[i] as Example;
      const y = ex.y[label];
      const p = 1 / (1 + Math.exp(-exampleMargin(m, ex)));
      const g = (p - y) * (y === 1 ? wPos : wNeg);
      for (let k = 0; k < ex.idx.length; k++) {
        const j = ex.idx[k] as number;
        const w = m.weights[j] as number;
        const gj = g * (ex.val[k] as number) + o.l2 * (w - (w0[j] as number));
        const acc = (g2[j] as number) + gj * gj;
        g2[j] = acc;
        m.weights[j] = w - (o.learningRate * gj) / Math.sqrt(acc + 1e-8);
      }
      b2 += g * g;
      m.bias -= (o.learningRate * g) / Math.sqrt(b2 + 1e-8);
    }
  }
  return m;
}

/** Threshold on margins that maximises F1 (midpoint between neighbours, so it generalises). */
export function bestThreshold(margins: readonly number[], ys: readonly (0 | 1)[]): number {
  const order = margins.map((z, i) => [z, ys[i] as number] as const).sort((a, b) => b[0] - a[0]);
  const total = ys.reduce<number>((s, y) => s + y, 0);
  let tp = 0;
  let best = { f1: -1, threshold: 0 };
  for (let k = 0; k < order.length; k++) {
    tp += (order[k] as readonly [number, number])[1];
    const f1 = (2 * tp) / (k + 1 + total);
    const here = (order[k] as readonly [number, number])[0];
    const next = order[k + 1]?.[0] ?? here - 1;
    if (here === next) continue;
    if (f1 > best.f1) best = { f1, threshold: (here + next) / 2 };
  }
  return best.threshold;
}

/** Stratified folds (by label combination), seeded: fold index per example. */
export function stratifiedFolds(
  ys: ReadonlyArray<Record<SignalLabel, 0 | 1>>,
  k: number,
  seed: number,
): number[] {
  const rand = rng(seed);
  const folds = new Array<number>(ys.length).fill(0);
  const strata = new Map<string, number[]>();
  ys.forEach((y, i) => {
    const key = `${y.market}${y.production}`;
    strata.set(key, [...(strata.get(key) ?? []), i]);
  });
  let offset = 0;
  for (const key of [...strata.keys()].sort()) {
    const members = shuffle(strata.get(key) as number[], rand);
    members.forEach((i, j) => (folds[i] = (j + offset) % k));
    offset += members.length;
  }
  return folds;
}

/** Trains weights only (thresholds at 0). */
export function fitWeights(examples: readonly Example[], o: TrainOptions): Record<SignalLabel, LabelModel> {
  return {
    market: trainLabel(examples, 'market', o, o.seed),
    production: trainLabel(examples, 'production', o, o.seed + 1),
  };
}

/** Out-of-fold margins per label, from k models each trained without its fold. */
export function outOfFoldMargins(
  examples: readonly Example[],
  folds: readonly number[],
  k: number,
  o: TrainOptions,
): Record<SignalLabel, number[]> {
  const out: Record<SignalLabel, number[]> = {
    market: new Array(examples.length).fill(0),
    production: new Array(examples.length).fill(0),
  };
  for (let f = 0; f < k; f++) {
    const train = examples.filter((_, i) => folds[i] !== f);
    const models = fitWeights(train, o);
    examples.forEach((ex, i) => {
      if (folds[i] !== f) return;
      for (const l of LABELS) out[l][i] = exampleMargin(models[l], ex);
    });
  }
  return out;
}

/** Trains a full model: weights on all examples, thresholds from inner out-of-fold margins. */
export function trainOnExamples(
  examples: readonly Example[],
  o: TrainOptions,
  version: string,
  meta: Record<string, unknown> = {},
): LinearModel {
  const folds = stratifiedFolds(
    examples.map((e) => e.y),
    o.thresholdFolds,
    o.seed + 7,
  );
  const oof = outOfFoldMargins(examples, folds, o.thresholdFolds, o);
  const labels = fitWeights(examples, o);
  for (const l of LABELS) {
    labels[l].threshold = bestThreshold(
      oof[l],
      examples.map((e) => e.y[l]),
    );
  }
  return {
    version,
    dims: o.dims,
    labels,
    meta: {
      ...meta,
      prior: o.prior?.version ?? null,
      seed: o.seed,
      epochs: o.epochs,
      learningRate: o.learningRate,
      l2: o.l2,
      examples: examples.length,
    },
  };
}
