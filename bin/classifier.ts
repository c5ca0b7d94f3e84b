import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadResources } from '../classifier/analyse.ts';
import { DEFAULT_CORPUS_DIR, loadCorpus } from '../classifier/corpus.ts';
import { evaluate } from '../classifier/evaluate.ts';
import type { EvalReport } from '../classifier/evaluate.ts';
import {
  createClassifier,
  loadDefaultClassifier,
  promotedModelPath,
  readModel,
} from '../classifier/index.ts';
import { toArtefact } from '../classifier/model.ts';
import type { LinearModel } from '../classifier/model.ts';
import { retrain, trainModel, trainOptions } from '../classifier/training.ts';
import type { RetrainReport, Verdict } from '../classifier/training.ts';
import { isAppError } from '../domain/errors.ts';
import { signalLabelSchema } from '../domain/signal.ts';
import type { Classifier } from '../domain/signal.ts';
import type { Command } from './cli.ts';
import { configHelp, configOptions, loadConfigOrExplain, parseCommandArgs } from './config-args.ts';

const BUNDLED_MODEL = fileURLToPath(new URL('../classifier/model/model.json', import.meta.url));

const help = `Usage: vigie classifier <action> [options]

Actions:
  classify --jsonl     read JSONL {id, title?, text} on stdin, write one JSONL result per line on stdout
  eval                 stratified k-fold cross-validation on the corpus, with every figure
  train                train on the corpus and write the model artefact
  retrain              train on corpus + analysts' verdicts, print before/after on the same folds,
                       and promote the new model (into the data directory) only if it is not worse

Options:
  --jsonl              (classify) JSONL in and out
  --model FILE         (classify) model artefact to use (default: promoted, else bundled, else lexicon)
  --lexicon            (classify) use the lexicon-only model
  --corpus DIR         corpus directory (default: ${DEFAULT_CORPUS_DIR})
  --folds N            (eval, retrain) number of folds (default 5)
  --seed N             training seed (default 42)
  --out FILE           (train) where to write the artefact (default: classifier/model/model.json)
  --verdicts FILE      (retrain) JSONL {title?, text, labels} instead of the store's verdicts
${configHelp}
  -h, --help           show this help`;

const options = {
  ...configOptions,
  jsonl: { type: 'boolean' },
  model: { type: 'string' },
  lexicon: { type: 'boolean' },
  corpus: { type: 'string' },
  folds: { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
  verdicts: { type: 'string' },
} as const;

const inputSchema = z.object({
  id: z.union([z.string(), z.number()]),
  title: z.string().nullish(),
  text: z.string(),
});
const verdictSchema = z.object({
  title: z.string().optional(),
  text: z.string(),
  labels: z.array(signalLabelSchema),
});

/** Streams stdin JSONL to stdout JSONL; a bad line is reported on stderr and skipped, the exit code says so. */
async function classifyJsonl(classifier: Classifier): Promise<number> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let lineNo = 0;
  let bad = 0;
  for await (const line of rl) {
    lineNo++;
    if (!line.trim()) continue;
    let parsed: z.infer<typeof inputSchema>;
    try {
      const r = inputSchema.safeParse(JSON.parse(line));
      if (!r.success) {
        const issue = r.error.issues[0];
        throw new Error(`${issue?.path.join('.') || 'line'}: ${issue?.message}`);
      }
      parsed = r.data;
    } catch (err) {
      bad++;
      const why = err instanceof SyntaxError ? `not valid JSON (${err.message})` : (err as Error).message;
      console.error(`vigie classifier classify: line ${lineNo}: ${why}`);
      continue;
    }
    const c = classifier.classify({ title: parsed.title ?? '', text: parsed.text });
    const out = {
      id: parsed.id,
      labels: c.labels,
      scores: c.scores,
      substances: c.substances,
      commune: c.commune,
      contacts: c.contacts,
      explanation: c.explanation,
    };
    if (!process.stdout.write(`${JSON.stringify(out)}\n`))
      await new Promise((r) => process.stdout.once('drain', r));
  }
  if (bad > 0) console.error(`vigie classifier classify: ${bad} bad line(s) skipped`);
  return bad > 0 ? 1 : 0;
}

const pct = (v: number): string => (v * 100).toFixed(1).padStart(5);

/** Docs/s of a classifier on the corpus texts (one core: CPU time, repeated to warm up). */
function docsPerSecond(
  classifier: Classifier,
  texts: ReadonlyArray<{ title?: string; text: string }>,
): number {
  // V8 needs several thousand classifications to optimise the whole pipeline (the first passes run
  // at half speed), then the median of 5 samples, as in the benchmark.
  for (let r = 0; r < 10; r++) for (const t of texts) classifier.classify(t);
  const samples: number[] = [];
  for (let s = 0; s < 5; s++) {
    const start = process.cpuUsage();
    for (let r = 0; r < 4; r++) for (const t of texts) classifier.classify(t);
    const used = process.cpuUsage(start);
    samples.push((4 * texts.length) / ((used.user + used.system) / 1e6));
  }
  return samples.sort((x, y) => x - y)[2] as number;
}

function printReport(r: EvalReport, docsPerSec: number): void {
  console.log(`Stratified ${r.folds}-fold cross-validation on ${r.items} items`);
  console.log('label        precision  recall     F1  support');
  for (const [label, s] of Object.entries(r.perLabel)) {
    console.log(
      `${label.padEnd(12)} ${pct(s.precision)}%    ${pct(s.recall)}%  ${pct(s.f1)}%  ${String(s.support).padStart(7)}`,
    );
  }
  console.log(`macro-F1                          ${pct(r.macroF1)}%`);
  for (const [lang, f1] of Object.entries(r.perLanguageMacroF1))
    console.log(`macro-F1 [${lang}]`.padEnd(34) + ` ${pct(f1)}%`);
  console.log(`hard-negative false-positive rate ${pct(r.hardNegativeFpRate)}%`);
  console.log(`commune accuracy                  ${pct(r.communeAccuracy)}%`);
  console.log(`contact recall                    ${pct(r.contactRecall)}%`);
  console.log(
    `classify throughput               ${Math.round(docsPerSec)} docs/s (one core, the corpus listings as they are; \`npm run bench -- classifier\` compares with natural's Bayes)`,
  );
}

function printRetrain(r: RetrainReport): void {
  console.log(`Retraining with ${r.verdicts} verdict(s), same folds before/after:`);
  console.log('                   before    after');
  for (const l of ['market', 'production'] as const)
    console.log(`${l} F1`.padEnd(18) + ` ${pct(r.before.perLabel[l].f1)}%  ${pct(r.after.perLabel[l].f1)}%`);
  console.log(`macro-F1           ${pct(r.before.macroF1)}%  ${pct(r.after.macroF1)}%`);
  console.log(`hard-negative FP   ${pct(r.before.hardNegativeFpRate)}%  ${pct(r.after.hardNegativeFpRate)}%`);
}

function writeModel(file: string, model: LinearModel): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(toArtefact(model))}\n`);
}

function readVerdictsFile(file: string): Verdict[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, i) => {
      if (!line.trim()) return [];
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new Error(`${file}:${i + 1}: not a JSON object`);
      }
      const r = verdictSchema.safeParse(value);
      if (!r.success)
        throw new Error(
          `${file}:${i + 1}: ${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message}`,
        );
      return [r.data];
    });
}

async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('classifier', args, options);
  if (!parsed) return 2;
  const { values, positionals } = parsed;
  const action = positionals[0];
  const seed = values.seed !== undefined ? Number(values.seed) : undefined;
  const folds = values.folds !== undefined ? Number(values.folds) : 5;
  if ((seed !== undefined && !Number.isInteger(seed)) || !Number.isInteger(folds) || folds < 2) {
    console.error('vigie classifier: --seed and --folds must be integers (folds ≥ 2)');
    return 2;
  }
  switch (action) {
    case 'classify': {
      if (!values.jsonl) {
        console.error('vigie classifier classify: only --jsonl input is supported; see --help');
        return 2;
      }
      let classifier: Classifier;
      if (values.lexicon) classifier = createClassifier();
      else if (values.model) classifier = createClassifier({ model: readModel(values.model) });
      else {
        // The configuration only tells where a promoted model may be (data directory).
        const config = loadConfigOrExplain(values.config);
        if (!config) return 2;
        classifier = loadDefaultClassifier(config.dataDir);
      }
      return classifyJsonl(classifier);
    }
    case 'eval': {
      const res = loadResources();
      const corpus = loadCorpus(values.corpus);
      const o = trainOptions(res, seed !== undefined ? { seed } : {});
      const report = evaluate(corpus, res, o, folds);
      const model = trainModel(corpus, res, o);
      printReport(report, docsPerSecond(createClassifier({ model, resources: res }), corpus));
      return 0;
    }
    case 'train': {
      const res = loadResources();
      const corpus = loadCorpus(values.corpus);
      const model = trainModel(corpus, res, trainOptions(res, seed !== undefined ? { seed } : {}), {
        corpus: corpus.length,
      });
      const out = values.out ?? BUNDLED_MODEL;
      writeModel(out, model);
      console.log(`wrote ${model.version} to ${out}`);
      return 0;
    }
    case 'retrain': {
      const config = loadConfigOrExplain(values.config);
      if (!config) return 2;
      let verdicts: Verdict[];
      if (values.verdicts) verdicts = readVerdictsFile(values.verdicts);
      else {
        // Only retrain reads the store: the database drivers cost classify ~0.5 s of start-up.
        const { openStore } = await import('../store/index.ts');
        const store = await openStore(config.store, config.dataDir);
        try {
          verdicts = (await store.alerts.verdicts()).map((v) => ({
            title: v.title,
            text: v.text,
            labels: v.labels,
          }));
        } finally {
          await store.close();
        }
      }
      const res = loadResources();
      const report = retrain(
        loadCorpus(values.corpus),
        verdicts,
        res,
        trainOptions(res, seed !== undefined ? { seed } : {}),
        folds,
      );
      printRetrain(report);
      if (!report.promote) {
        console.log(
          report.verdicts === 0
            ? 'no verdicts yet: nothing to promote'
            : 'not promoted: the new model is worse on these folds',
        );
        return 0;
      }
      const file = promotedModelPath(config.dataDir);
      writeModel(file, report.model);
      console.log(`promoted ${report.model.version} to ${file} (used by the next start of serve/worker)`);
      return 0;
    }
    default:
      console.error(`vigie classifier: unknown action "${action ?? ''}"\n\n${help}`);
      return 2;
  }
}

/** `vigie classifier …`: batch classification, evaluation, training and retraining. */
export const command: Command = {
  summary: 'classify JSONL, evaluate, train and retrain the classifier',
  help,
  async run(args) {
    try {
      return await run(args);
    } catch (err) {
      if (isAppError(err) || err instanceof Error) {
        console.error(`vigie classifier: ${err.message}`);
        return 1;
      }
      throw err;
    }
  },
};
