/** Stratified k-fold cross-validation on the corpus and every figure the issue asks for. */
import type { SignalLabel } from '../domain/signal.ts';
import { analyse } from './analyse.ts';
import type { AnalysisResources } from './analyse.ts';
import type { CorpusItem } from './corpus.ts';
import { normalizeContact } from './entities/contacts.ts';
import { LABELS } from './model.ts';
import { exampleMargin, prepare, stratifiedFolds, trainOnExamples } from './train.ts';
import type { Example, LabeledText, TrainOptions } from './train.ts';

/** Precision, recall, F1 of one label. */
export interface LabelScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** Every figure of an evaluation. */
export interface EvalReport {
  folds: number;
  items: number;
  perLabel: Record<SignalLabel, LabelScores>;
  macroF1: number;
  perLanguageMacroF1: Record<string, number>;
  hardNegativeFpRate: number;
  communeAccuracy: number;
  contactRecall: number;
}

/** Predicted labels per item, in corpus order. */
export type Predictions = Array<Record<SignalLabel, boolean>>;

function scores(gold: readonly CorpusItem[], pred: Predictions, label: SignalLabel): LabelScores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  gold.forEach((g, i) => {
    const y = g.labels.includes(label);
    const p = (pred[i] as Record<SignalLabel, boolean>)[label];
    if (y && p) tp++;
    else if (p) fp++;
    else if (y) fn++;
  });
  const precision = tp + fp > 0 ? tp / (tp + fp) : 1;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 1;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, support: tp + fn };
}

const macro = (gold: readonly CorpusItem[], pred: Predictions): number =>
  LABELS.reduce((s, l) => s + scores(gold, pred, l).f1, 0) / LABELS.length;

/** Label metrics of predictions against the corpus. */
export function labelMetrics(
  gold: readonly CorpusItem[],
  pred: Predictions,
): Pick<EvalReport, 'perLabel' | 'macroF1' | 'perLanguageMacroF1' | 'hardNegativeFpRate'> {
  const perLanguageMacroF1: Record<string, number> = {};
  for (const lang of [...new Set(gold.map((g) => g.lang))].sort()) {
    const idx = gold.map((g, i) => (g.lang === lang ? i : -1)).filter((i) => i >= 0);
    perLanguageMacroF1[lang] = macro(
      idx.map((i) => gold[i] as CorpusItem),
      idx.map((i) => pred[i] as Record<SignalLabel, boolean>),
    );
  }
  const hard = gold.map((g, i) => (g.hard_negative ? i : -1)).filter((i) => i >= 0);
  const hardFp = hard.filter((i) => LABELS.some((l) => (pred[i] as Record<SignalLabel, boolean>)[l])).length;
  return {
    perLabel: { market: scores(gold, pred, 'market'), production: scores(gold, pred, 'production') },
    macroF1: macro(gold, pred),
    perLanguageMacroF1,
    hardNegativeFpRate: hard.length > 0 ? hardFp / hard.length : 0,
  };
}

/** Commune accuracy (null counts: "no Brussels location" must be right too) and contact recall. */
export function entityMetrics(
  gold: readonly CorpusItem[],
  res: AnalysisResources,
): Pick<EvalReport, 'communeAccuracy' | 'contactRecall'> {
  let communeOk = 0;
  let contacts = 0;
  let found = 0;
  for (const g of gold) {
    const a = analyse(g, res);
    if (a.commune === g.commune) communeOk++;
    const got = new Set(a.contacts.map((c) => `${c.type}:${c.normalized}`));
    for (const c of g.contacts) {
      contacts++;
      if (got.has(`${c.type}:${normalizeContact(c.type, c.value)}`)) found++;
    }
  }
  return {
    communeAccuracy: gold.length ? communeOk / gold.length : 0,
    contactRecall: contacts ? found / contacts : 1,
  };
}

/**
 * Out-of-fold predictions of the trained model, with the given folds (thresholds chosen inside each
 * training fold); `trainable` keeps some examples out of every training fold while still scoring them.
 */
export function crossValidatedPredictions(
  examples: readonly Example[],
  folds: readonly number[],
  k: number,
  o: TrainOptions,
  trainable: (i: number) => boolean = () => true,
): Predictions {
  const pred: Predictions = examples.map(() => ({ market: false, production: false }));
  for (let f = 0; f < k; f++) {
    const model = trainOnExamples(
      examples.filter((_, i) => folds[i] !== f && trainable(i)),
      o,
      'cv',
    );
    examples.forEach((ex, i) => {
      if (folds[i] !== f) return;
      for (const l of LABELS)
        (pred[i] as Record<SignalLabel, boolean>)[l] =
          exampleMargin(model.labels[l], ex) >= model.labels[l].threshold;
    });
  }
  return pred;
}

/** Full cross-validated evaluation of the trained model on labeled corpus items (plus optional extra training texts). */
export function evaluate(
  items: readonly CorpusItem[],
  res: AnalysisResources,
  o: TrainOptions,
  k = 5,
): EvalReport & { predictions: Predictions } {
  const examples = prepare(items as readonly LabeledText[], res, o.dims);
  const folds = stratifiedFolds(
    examples.map((e) => e.y),
    k,
    o.seed,
  );
  const predictions = crossValidatedPredictions(examples, folds, k, o);
  return {
    folds: k,
    items: items.length,
    ...labelMetrics(items, predictions),
    ...entityMetrics(items, res),
    predictions,
  };
}
