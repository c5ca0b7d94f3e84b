/** The Vigie classifier: `createClassifier()` for the pipeline, `loadDefaultClassifier()` for the apps. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AppError } from '../domain/errors.ts';
import type {
  Classification,
  Classifier,
  ClassifierInput,
  ExplanationItem,
  SignalLabel,
  Span,
} from '../domain/signal.ts';
import { analyse, loadResources } from './analyse.ts';
import type { Analysis, AnalysisResources, ResourceOptions } from './analyse.ts';
import { unitSpans } from './evidence.ts';
import { unitName } from './features.ts';
import type { Unit } from './features.ts';
import { createLexiconModel } from './lexicon-model.ts';
import { LABELS, calibrated, fromArtefact } from './model.ts';
import type { LinearModel } from './model.ts';
import { originalSpan } from './normalise.ts';
import { createScorer } from './score.ts';
import type { Scored } from './score.ts';
import type { Token, Word } from './tokenise.ts';

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

/**
 * Each unit's contribution to both margins, interleaved as in `Scored.contrib` (words, then evidence
 * units), with a pair's contribution shared by its two parts: the reasons an analyst reads are words,
 * cues and entities.
 */
function unitContributions({ contrib, nWords, evidence, pairs }: Scored): number[] {
  const n = 2 * (nWords + evidence.length);
  const out = contrib.slice(0, n);
  for (let p = 0; p < pairs.length; p += 2) {
    const x = 2 * (nWords + (pairs[p] as number));
    const y = 2 * (nWords + (pairs[p + 1] as number));
    for (let label = 0; label < 2; label++) {
      const half = (contrib[n + p + label] as number) / 2;
      out[x + label] = (out[x + label] as number) + half;
      out[y + label] = (out[y + label] as number) + half;
    }
  }
  return out;
}

/** A listing's units and their contributions to one label's margin (`contrib[2i + offset]`). */
interface Explained {
  a: Analysis;
  scored: Scored;
  contrib: readonly number[];
  offset: number;
  /** Spans of the evidence units found so far, by position: both labels show mostly the same units. */
  evidenceSpans: Array<Span[] | undefined>;
}

/** A fresh copy of the spans of evidence unit `k` (its Span objects are shared by both labels' items). */
function evidenceSpans({ a, scored, evidenceSpans: found }: Explained, k: number): Span[] {
  let spans = found[k];
  if (!spans) found[k] = spans = unitSpans(scored.evidence[k] as Unit, a);
  return spans.slice();
}

/** Sums repeated words into one reason with several spans, keeping at most `limit` reasons. */
function pick(
  label: SignalLabel,
  units: Explained,
  indices: readonly number[],
  limit: number,
): ExplanationItem[] {
  const { a, scored, contrib, offset } = units;
  const items: ExplanationItem[] = [];
  // The word of each item (null for other units, which never repeat); a few items, so a linear search.
  const words: Array<Word | null> = [];
  let seen = 0;
  for (let k = 0; k < indices.length; k++) {
    // Repeats of a word sit next to each other in the order: no need to look far past the limit.
    if (items.length >= limit && seen++ > 4 * limit) break;
    const i = indices[k] as number;
    const weight = contrib[2 * i + offset] as number;
    if (i >= scored.nWords) {
      const e = i - scored.nWords;
      if (items.length < limit) {
        items.push({
          label,
          feature: unitName(scored.evidence[e] as Unit),
          weight,
          spans: evidenceSpans(units, e),
        });
        words.push(null);
      }
      continue;
    }
    const token = a.tokens[i] as Token;
    const at = words.indexOf(token.word);
    const item = at >= 0 ? items[at] : undefined; // items[-1] would be a slow named-property look-up
    if (item) {
      item.weight += weight;
      item.spans.push(originalSpan(a.norm, token.start, token.end));
    } else if (items.length < limit) {
      items.push({
        label,
        feature: `word:${token.text}`,
        weight,
        spans: [originalSpan(a.norm, token.start, token.end)],
      });
      words.push(token.word);
    }
  }
  for (const it of items) it.weight = Math.round(it.weight * 1000) / 1000;
  return items;
}

/** Appends the strongest reasons for one label: top positive contributions, then the strongest counter-evidence. */
function explain(label: SignalLabel, units: Explained, max: number, out: ExplanationItem[]): void {
  const { contrib, offset } = units;
  const n = contrib.length / 2;
  // Strongest first (insertion: a few dozen items). Ties among reasons keep the text order; ties among
  // counter-evidence go to the later unit.
  const positives: number[] = [];
  const negatives: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = contrib[2 * i + offset] as number;
    if (!(Math.abs(c) >= 0.01)) continue;
    const list = c > 0 ? positives : negatives;
    let j = list.length;
    if (c > 0)
      for (; j > 0 && c > (contrib[2 * (list[j - 1] as number) + offset] as number); j--)
        list[j] = list[j - 1] as number;
    else
      for (; j > 0 && c <= (contrib[2 * (list[j - 1] as number) + offset] as number); j--)
        list[j] = list[j - 1] as number;
    list[j] = i;
  }
  const neg = pick(label, units, negatives, Math.min(NEGATIVE_ITEMS, max));
  const pos = pick(label, units, positives, max - neg.length);
  for (const it of pos) out.push(it);
  for (const it of neg) out.push(it);
}

const SUBSTANCE_GROUP = /^substance\.([a-z]+)\.(strong|ambiguous)$/;
// Lexicon group → [substance, strong?] or null: a handful of groups recur in every listing.
const substanceGroups = new Map<string, [string, boolean] | null>();

function substanceOf(group: string): [string, boolean] | null {
  let s = substanceGroups.get(group);
  if (s === undefined) {
    const m = SUBSTANCE_GROUP.exec(group);
    s = m ? [m[1] as string, m[2] === 'strong'] : null;
    if (substanceGroups.size < 10_000) substanceGroups.set(group, s);
  }
  return s;
}

/** Substances of the lexicon groups found, in the order of their first hits: `evidence` starts with those groups. */
function substancesOf(evidence: readonly Unit[], flagged: boolean): string[] {
  const out: string[] = [];
  for (const u of evidence) {
    if (u.kind !== 'lexicon') break;
    const s = substanceOf(u.label);
    if (!s || out.includes(s[0])) continue;
    if (s[1] || flagged) out.push(s[0]);
  }
  return out;
}

/** Builds a classifier: pure and synchronous `classify`, same input → same output. */
export function createClassifier(options: ClassifierOptions = {}): Classifier {
  const resources = options.resources ?? loadResources(options);
  const model = options.model ?? createLexiconModel(resources.lexicon);
  const maxItems = options.explain ?? 8;
  const score = createScorer(model);
  return {
    version: model.version,
    classify(input: ClassifierInput): Classification {
      const a = analyse(input, resources);
      const scored = score(a);
      const contrib = scored.contrib;
      const scores = { market: 0, production: 0 };
      const labels: SignalLabel[] = [];
      const explanation: ExplanationItem[] = [];
      const units = unitContributions(scored);
      const evidenceSpans: Array<Span[] | undefined> = [];
      for (const label of LABELS) {
        const m = model.labels[label];
        const offset = label === 'market' ? 0 : 1;
        let z = m.bias;
        for (let i = offset; i < contrib.length; i += 2) z += contrib[i] as number;
        scores[label] = Math.round(calibrated(m, z) * 10_000) / 10_000;
        if (scores[label] >= 0.5) labels.push(label);
        explain(label, { a, scored, contrib: units, offset, evidenceSpans }, maxItems, explanation);
      }
      return {
        labels,
        scores,
        substances: substancesOf(scored.evidence, labels.length > 0),
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

/** Reads a model artefact from a JSON file; an unreadable or invalid file is a `validation` error naming it. */
export function readModel(file: string): LinearModel {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new AppError('validation', `cannot read model ${file}: ${(err as Error).message}`, { cause: err });
  }
  try {
    return fromArtefact(raw);
  } catch (err) {
    if (!(err instanceof z.ZodError)) throw err;
    throw new AppError('validation', `${file} is not a Vigie model artefact:\n${z.prettifyError(err)}`);
  }
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
