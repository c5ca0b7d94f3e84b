/** Training the shipped model, and retraining with analysts' verdicts (promote only if not worse). */
import { createHash } from 'node:crypto';
import type { SignalLabel } from '../domain/signal.ts';
import type { AnalysisResources } from './analyse.ts';
import type { CorpusItem } from './corpus.ts';
import { crossValidatedPredictions, labelMetrics } from './evaluate.ts';
import type { EvalReport, Predictions } from './evaluate.ts';
import { createLexiconModel } from './lexicon-model.ts';
import { toArtefact } from './model.ts';
import type { LinearModel } from './model.ts';
import { DEFAULT_TRAIN_OPTIONS, prepare, stratifiedFolds, trainOnExamples } from './train.ts';
import type { LabeledText, TrainOptions } from './train.ts';

export const MODEL_FAMILY = 'linear-1';

/** Training options with the lexicon model as prior. */
export function trainOptions(res: AnalysisResources, overrides: Partial<TrainOptions> = {}): TrainOptions {
  const dims = overrides.dims ?? DEFAULT_TRAIN_OPTIONS.dims;
  return { ...DEFAULT_TRAIN_OPTIONS, prior: createLexiconModel(res.lexicon, dims), ...overrides };
}

/** Version = family + content hash: the same data and seed give the same version, any change a new one. */
function versioned(model: LinearModel): LinearModel {
  const hash = createHash('sha256')
    .update(JSON.stringify(toArtefact({ ...model, version: '' })))
    .digest('hex');
  return { ...model, version: `${MODEL_FAMILY}-${hash.slice(0, 10)}` };
}

/** Trains the model on labeled texts (deterministic for a seed). */
export function trainModel(
  items: readonly LabeledText[],
  res: AnalysisResources,
  o: TrainOptions,
  meta: Record<string, unknown> = {},
): LinearModel {
  const examples = prepare(items, res, o.dims);
  return versioned(trainOnExamples(examples, o, '', meta));
}

/** An analyst's verdict as a training example. */
export interface Verdict {
  title?: string;
  text: string;
  labels: SignalLabel[];
}

/** Before/after figures of a retraining, on the same folds. */
export interface RetrainReport {
  before: Pick<EvalReport, 'perLabel' | 'macroF1' | 'hardNegativeFpRate'>;
  after: Pick<EvalReport, 'perLabel' | 'macroF1' | 'hardNegativeFpRate'>;
  verdicts: number;
  promote: boolean;
  model: LinearModel;
}

/**
 * Retrains on corpus + verdicts. Both models are scored on the same folds of corpus + verdicts: the
 * "before" model never trains on verdicts, the "after" model does (outside the test fold). The new
 * model is promoted only if its macro-F1 is not lower and its hard-negative FP rate not higher.
 */
export function retrain(
  corpus: readonly CorpusItem[],
  verdicts: readonly Verdict[],
  res: AnalysisResources,
  o: TrainOptions,
  k = 5,
): RetrainReport {
  const gold: CorpusItem[] = [
    ...corpus,
    ...verdicts.map((v, i) => ({
      id: `verdict-${i + 1}`,
      lang: 'verdict',
      title: v.title ?? '',
      text: v.text,
      labels: v.labels,
      substances: [],
      commune: null,
      contacts: [],
      hard_negative: false,
    })),
  ];
  const examples = prepare(gold, res, o.dims);
  const folds = stratifiedFolds(
    examples.map((e) => e.y),
    k,
    o.seed,
  );
  const isCorpus = (i: number): boolean => i < corpus.length;
  const pick = (p: Predictions): RetrainReport['before'] => {
    const m = labelMetrics(gold, p);
    return { perLabel: m.perLabel, macroF1: m.macroF1, hardNegativeFpRate: m.hardNegativeFpRate };
  };
  const before = pick(crossValidatedPredictions(examples, folds, k, o, isCorpus));
  const after = pick(crossValidatedPredictions(examples, folds, k, o));
  const promote =
    verdicts.length > 0 &&
    after.macroF1 >= before.macroF1 &&
    after.hardNegativeFpRate <= before.hardNegativeFpRate;
  const model = versioned(
    trainOnExamples(examples, o, '', { corpus: corpus.length, verdicts: verdicts.length }),
  );
  return { before, after, verdicts: verdicts.length, promote, model };
}
