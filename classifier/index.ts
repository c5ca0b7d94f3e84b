/** The Vigie classifier: `createClassifier()` for the pipeline, `loadDefaultClassifier()` for the apps. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  Classification,
  Classifier,
  ClassifierInput,
  ExplanationItem,
  SignalLabel,
} from '../domain/signal.ts';
import { analyse, loadResources } from './analyse.ts';
import type { Analysis, AnalysisResources, ResourceOptions } from './analyse.ts';
import { featurise, unitName, unitSpans } from './features.ts';
import type { Unit } from './features.ts';
import { createLexiconModel } from './lexicon-model.ts';
import { LABELS, calibrated, contributions, fromArtefact, interleave } from './model.ts';
import type { GramSums, LinearModel } from './model.ts';

export { LEXICON_MODEL_VERSION } from './lexicon-model.ts';

/** Options of `createClassifier`: a trained model (default: the lexicon model) and resource paths. */
export interface ClassifierOptions extends ResourceOptions {
  model?: LinearModel;
  resources?: AnalysisResources;
  /** How many explanation items per label (default 8). */
  explain?: number;
}

// Counter-evidence (legal CBD, news…) is worth showing too, but the reasons for a score come first.
const NEGATIVE_ITEMS = 2;

/** Sums repeated words into one reason with several spans, keeping at most `limit` reasons. */
function pick(
  label: SignalLabel,
  units: readonly Unit[],
  contrib: Float64Array,
  indices: readonly number[],
  limit: number,
): ExplanationItem[] {
  const items: ExplanationItem[] = [];
  // Words by token, other units by name: a word's name is only built when it is kept.
  const words = new Map<string, ExplanationItem>();
  const others = new Map<string, ExplanationItem>();
  let seen = 0;
  for (let k = 0; k < indices.length; k++) {
    // Repeats of a word sit next to each other in the order: no need to look far past the limit.
    if (items.length >= limit && seen++ > 4 * limit) break;
    const i = indices[k] as number;
    const u = units[i] as Unit;
    const isWord = u.kind === 'word' && !u.parts;
    const key = isWord ? u.label : unitName(u);
    const item = (isWord ? words : others).get(key);
    if (item) {
      item.weight += contrib[i] as number;
      item.spans.push(...unitSpans(u));
    } else if (items.length < limit) {
      const fresh = {
        label,
        feature: isWord ? unitName(u) : key,
        weight: contrib[i] as number,
        spans: [...unitSpans(u)],
      };
      (isWord ? words : others).set(key, fresh);
      items.push(fresh);
    }
  }
  for (const it of items) it.weight = Math.round(it.weight * 1000) / 1000;
  return items;
}

/** The strongest reasons for one label: top positive contributions, then the strongest counter-evidence. */
function explain(
  label: SignalLabel,
  both: Float64Array,
  units: readonly Unit[],
  max: number,
): ExplanationItem[] {
  const offset = label === 'market' ? 0 : 1;
  const contrib = new Float64Array(units.length);
  // A pair's weight is shared by its two parts: the reasons an analyst reads are words, cues and entities.
  for (let i = 0; i < units.length; i++) {
    const c = both[2 * i + offset] as number;
    const parts = (units[i] as Unit).partIndex;
    if (!parts) contrib[i] = (contrib[i] as number) + c;
    else {
      contrib[parts[0]] = (contrib[parts[0]] as number) + c / 2;
      contrib[parts[1]] = (contrib[parts[1]] as number) + c / 2;
    }
  }
  const positives: number[] = [];
  const negatives: number[] = [];
  for (let i = 0; i < units.length; i++) {
    const c = contrib[i] as number;
    if ((units[i] as Unit).parts || !(Math.abs(c) >= 0.01)) continue;
    if (c > 0) positives.push(i);
    else if (c < 0) negatives.push(i);
  }
  // Stable sorts, strongest first; ties among counter-evidence go to the later unit.
  const byWeight = (x: number, y: number): number => (contrib[y] as number) - (contrib[x] as number);
  positives.sort(byWeight);
  negatives.sort(byWeight).reverse();
  const neg = pick(label, units, contrib, negatives, Math.min(NEGATIVE_ITEMS, max));
  const pos = pick(label, units, contrib, positives, max - neg.length);
  for (const it of neg) pos.push(it);
  return pos;
}

function substancesOf(a: Analysis, flagged: boolean): string[] {
  const out: string[] = [];
  for (const h of a.hits) {
    const m = /^substance\.([a-z]+)\.(strong|ambiguous)$/.exec(h.group);
    if (!m || out.includes(m[1] as string)) continue;
    if (m[2] === 'strong' || flagged) out.push(m[1] as string);
  }
  return out;
}

/** Builds a classifier: pure and synchronous `classify`, same input → same output. */
export function createClassifier(options: ClassifierOptions = {}): Classifier {
  const resources = options.resources ?? loadResources(options);
  const model = options.model ?? createLexiconModel(resources.lexicon);
  const maxItems = options.explain ?? 8;
  const weights = interleave(model);
  const gramCache: GramSums = new WeakMap();
  return {
    version: model.version,
    classify(input: ClassifierInput): Classification {
      const a = analyse(input, resources);
      const units = featurise(a, model.dims);
      const contrib = contributions(weights, units, gramCache);
      const scores = { market: 0, production: 0 };
      const labels: SignalLabel[] = [];
      const explanation: ExplanationItem[] = [];
      for (const label of LABELS) {
        const m = model.labels[label];
        const offset = label === 'market' ? 0 : 1;
        let z = m.bias;
        for (let i = offset; i < contrib.length; i += 2) z += contrib[i] as number;
        scores[label] = Math.round(calibrated(m, z) * 10_000) / 10_000;
        if (scores[label] >= 0.5) labels.push(label);
        explanation.push(...explain(label, contrib, units, maxItems));
      }
      return {
        labels,
        scores,
        substances: substancesOf(a, labels.length > 0),
        commune: a.commune,
        contacts: a.contacts.map((c) => ({ type: c.type, value: c.value, normalized: c.normalized })),
        prices: a.prices.map((p) => ({
          value: p.value,
          amountEur: p.amountEur,
          quantity: p.quantity,
          eurPerGram: p.eurPerGram,
        })),
        language: a.language,
        explanation,
        modelVersion: model.version,
      };
    },
  };
}

const BUNDLED_MODEL = fileURLToPath(new URL('./model/model.json', import.meta.url));

/** Where `retrain` promotes a model inside the data directory. */
export function promotedModelPath(dataDir: string): string {
  return join(dataDir, 'classifier', 'model.json');
}

/** Reads a model artefact from a JSON file. */
export function readModel(file: string): LinearModel {
  return fromArtefact(JSON.parse(readFileSync(file, 'utf8')));
}

/**
 * The classifier the apps use: the model promoted under `dataDir` if any, else the trained model
 * committed in classifier/model/, else the lexicon model.
 */
export function loadDefaultClassifier(dataDir?: string): Classifier {
  const candidates = [dataDir ? promotedModelPath(dataDir) : null, BUNDLED_MODEL].filter(
    (f): f is string => !!f,
  );
  for (const file of candidates) {
    if (existsSync(file)) return createClassifier({ model: readModel(file) });
  }
  return createClassifier();
}
