/**
 * Classifier benchmark: Vigie's model against natural's BayesClassifier trained on the same corpus,
 * side by side: classify throughput on ~300-character listings (one core, CPU time) and macro-F1
 * under the same stratified 5-fold cross-validation.
 */
import { createRequire } from 'node:module';
import { loadResources } from '../classifier/analyse.ts';
import { loadCorpus } from '../classifier/corpus.ts';
import type { CorpusItem } from '../classifier/corpus.ts';
import { evaluate, labelMetrics } from '../classifier/evaluate.ts';
import type { Predictions } from '../classifier/evaluate.ts';
import { createClassifier } from '../classifier/index.ts';
import { LABELS } from '../classifier/model.ts';
import { normalise } from '../classifier/normalise.ts';
import { stratifiedFolds } from '../classifier/train.ts';
import { trainModel, trainOptions } from '../classifier/training.ts';
import type { SignalLabel } from '../domain/signal.ts';

/** natural's BayesClassifier, the parts used here. */
interface Bayes {
  addDocument(words: string[], label: string): void;
  train(): void;
  classify(words: string[]): string;
}
// Its own file, not natural's index: that loads natural's storage back-ends and with them a Redis
// client whose `class … extends String` slows V8's string access in the whole process, both
// contenders included.
const BayesClassifier = createRequire(import.meta.url)(
  'natural/lib/natural/classifiers/bayes_classifier.js',
) as new () => Bayes;

const FOLDS = 5;
const SAMPLES = 7;

/** Unicode-aware tokens (natural's English tokenizer drops accented letters). */
const words = (title: string, text: string): string[] =>
  normalise(`${title}\n${text}`)
    .text.split(/[^\p{L}\p{N}_]+/u)
    .filter(Boolean);

/** Listings of about 300 characters, built from the corpus texts (each padded with the next ones). */
function listings300(items: readonly CorpusItem[]): Array<{ title: string; text: string }> {
  return items.map((it, i) => {
    let text = it.text;
    for (let k = 1; text.length < 280; k++) text += ` ${(items[(i + k) % items.length] as CorpusItem).text}`;
    return { title: it.title, text: text.slice(0, 300 - it.title.length) };
  });
}

/** Documents per CPU second of `classify` over `rounds` passes on the texts. */
function sample(
  texts: ReadonlyArray<{ title: string; text: string }>,
  classify: (t: { title: string; text: string }) => unknown,
  rounds: number,
): number {
  const start = process.cpuUsage();
  for (let r = 0; r < rounds; r++) for (const t of texts) classify(t);
  const used = process.cpuUsage(start);
  return (rounds * texts.length) / ((used.user + used.system) / 1e6);
}

/**
 * Docs/s when no word has been seen before: the classifier memoises per distinct token, and crawls
 * mostly repeat a vocabulary, but new words cost more. Each pass gives every word a new suffix.
 */
function unseenVocabularyDocsPerSec(
  texts: ReadonlyArray<{ title: string; text: string }>,
  classifier: { classify: (t: { title: string; text: string }) => unknown },
): number {
  const renamed = (pass: number): Array<{ title: string; text: string }> =>
    texts.map((t) => ({
      title: t.title.replace(/\p{L}+/gu, (w) => `${w}q${pass}`),
      text: t.text.replace(/\p{L}+/gu, (w) => `${w}q${pass}`),
    }));
  const passes = [1, 2, 3].map(renamed);
  const start = process.cpuUsage();
  for (const pass of passes) for (const t of pass) classifier.classify(t);
  const used = process.cpuUsage(start);
  return (passes.length * texts.length) / ((used.user + used.system) / 1e6);
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;

interface Contender {
  classify: (t: { title: string; text: string }) => unknown;
  /** Passes per sample: a sample should last a few hundred ms of CPU. */
  rounds: number;
  warmup: number;
  samples: number[];
}

/**
 * Docs/s of each contender: warm-up passes (so the JIT has optimised the hot paths), then samples
 * taken in turn so that load from other jobs on this shared machine hits both alike; the figure is
 * the median sample. CPU time of the process (one thread runs the code; GC helper threads count too).
 */
function throughputs(
  texts: ReadonlyArray<{ title: string; text: string }>,
  contenders: Contender[],
  samples: number,
): number[] {
  for (const c of contenders) sample(texts, c.classify, c.warmup);
  for (let s = 0; s < samples; s++)
    for (const c of contenders) c.samples.push(sample(texts, c.classify, c.rounds));
  return contenders.map((c) => median(c.samples));
}

/** One binary Bayes classifier per label, as natural offers single-label classification only. */
function trainBayes(items: readonly CorpusItem[]): Record<SignalLabel, Bayes> {
  const out = {} as Record<SignalLabel, Bayes>;
  for (const l of LABELS) {
    const b = new BayesClassifier();
    for (const it of items) b.addDocument(words(it.title, it.text), it.labels.includes(l) ? 'yes' : 'no');
    b.train();
    out[l] = b;
  }
  return out;
}

/** Runs the benchmark and returns `{docsPerSec, bayesDocsPerSec, macroF1, bayesMacroF1}`. */
export async function runClassifierBench(opts: {
  log: (line: string) => void;
}): Promise<Record<string, number>> {
  const { log } = opts;
  const res = loadResources();
  const corpus = loadCorpus();
  const o = trainOptions(res);

  const report = evaluate(corpus, res, o, FOLDS);
  const folds = stratifiedFolds(
    corpus.map((c) => ({
      market: c.labels.includes('market') ? 1 : 0,
      production: c.labels.includes('production') ? 1 : 0,
    })),
    FOLDS,
    o.seed,
  );
  const bayesPred: Predictions = corpus.map(() => ({ market: false, production: false }));
  for (let f = 0; f < FOLDS; f++) {
    const bayes = trainBayes(corpus.filter((_, i) => folds[i] !== f));
    corpus.forEach((it, i) => {
      if (folds[i] !== f) return;
      const w = words(it.title, it.text);
      for (const l of LABELS)
        (bayesPred[i] as Record<SignalLabel, boolean>)[l] = bayes[l].classify(w) === 'yes';
    });
  }
  const bayesMetrics = labelMetrics(corpus, bayesPred);

  const texts = listings300(corpus);
  const classifier = createClassifier({ model: trainModel(corpus, res, o), resources: res });
  const bayes = trainBayes(corpus);
  const ours: Contender = { classify: (t) => classifier.classify(t), rounds: 10, warmup: 12, samples: [] };
  const theirs: Contender = {
    classify: (t) => {
      const w = words(t.title, t.text);
      for (const l of LABELS) bayes[l].classify(w);
    },
    rounds: 1,
    warmup: 1,
    samples: [],
  };
  const [docsPerSec, bayesDocsPerSec] = throughputs(texts, [ours, theirs], SAMPLES) as [number, number];
  const unseen = unseenVocabularyDocsPerSec(texts, classifier);
  const spread = (c: Contender): string =>
    `${Math.round(Math.min(...c.samples))}–${Math.round(Math.max(...c.samples))}`;
  const avgChars = Math.round(
    texts.reduce((s, t) => s + t.title.length + 1 + t.text.length, 0) / texts.length,
  );
  const pct = (v: number): string => `${(v * 100).toFixed(1)}%`.padStart(8);
  log(
    `corpus: ${corpus.length} items, ${FOLDS}-fold stratified CV (same folds for both); throughput on ${texts.length} listings of ~${avgChars} chars, one core (CPU time), median of ${SAMPLES} interleaved samples after warm-up`,
  );
  log('                        vigie ' + classifier.version.padEnd(8) + '   natural BayesClassifier');
  log(
    `docs/s                  ${String(Math.round(docsPerSec)).padStart(8)}           ${String(Math.round(bayesDocsPerSec)).padStart(8)}`,
  );
  log(`docs/s range            ${spread(ours).padStart(11)}        ${spread(theirs).padStart(11)}`);
  log(`docs/s, every word new  ${String(Math.round(unseen)).padStart(8)}           (memos cold: see below)`);
  log(`macro-F1                ${pct(report.macroF1)}           ${pct(bayesMetrics.macroF1)}`);
  for (const l of LABELS)
    log(`${l} F1`.padEnd(24) + `${pct(report.perLabel[l].f1)}           ${pct(bayesMetrics.perLabel[l].f1)}`);
  log(
    `hard-negative FP rate   ${pct(report.hardNegativeFpRate)}           ${pct(bayesMetrics.hardNegativeFpRate)}`,
  );
  log(
    'memos cold: the same listings with every word made new (a suffix per pass), so each token misses the per-token memos (hashes, stems, weights)',
  );
  return {
    docsPerSec,
    bayesDocsPerSec,
    macroF1: report.macroF1,
    bayesMacroF1: bayesMetrics.macroF1,
    unseenVocabularyDocsPerSec: unseen,
  };
}
