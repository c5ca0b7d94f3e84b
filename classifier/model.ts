/** A linear model per label over hashed features, and its versioned JSON artefact. */
import { z } from 'zod';
import type { SignalLabel } from '../domain/signal.ts';

export const LABELS: readonly SignalLabel[] = ['market', 'production'];

/** Weights and decision threshold of one label (threshold on the raw margin). */
export interface LabelModel {
  bias: number;
  weights: Float32Array;
  threshold: number;
}

/** A trained (or hand-set) model. */
export interface LinearModel {
  version: string;
  dims: number;
  labels: Record<SignalLabel, LabelModel>;
  /** Free-form training facts kept in the artefact (seed, corpus size, CV figures). */
  meta: Record<string, unknown>;
}

/** Both labels' weights interleaved (market, production, market, …): one cache line per feature. */
export function interleave(model: LinearModel): Float32Array {
  const out = new Float32Array(model.dims * 2);
  const m = model.labels.market.weights;
  const p = model.labels.production.weights;
  for (let i = 0; i < model.dims; i++) {
    out[2 * i] = m[i] as number;
    out[2 * i + 1] = p[i] as number;
  }
  return out;
}

/** Margin → probability, shifted so that the label's threshold maps to 0.5. */
export function calibrated(m: LabelModel, z: number): number {
  return 1 / (1 + Math.exp(-(z - m.threshold)));
}

/** Whether `v` is a list of `[index, weight]` pairs: index a non-negative integer, weight finite. */
function isWeightPairs(v: unknown): v is Array<[number, number]> {
  if (!Array.isArray(v)) return false;
  for (const p of v as unknown[]) {
    if (!Array.isArray(p) || p.length !== 2) return false;
    const [i, w] = p as unknown[];
    if (!Number.isSafeInteger(i) || (i as number) < 0 || typeof w !== 'number' || !Number.isFinite(w))
      return false;
  }
  return true;
}

const labelArtefactSchema = z.object({
  bias: z.number(),
  threshold: z.number(),
  // Sparse weights: [index, weight] pairs; everything else is 0. One loop checks the ~50k pairs: a
  // zod tuple schema per pair took 0.1–0.6 s of every start-up.
  weights: z.custom<Array<[number, number]>>(isWeightPairs, {
    message: 'expected [index, weight] pairs (index a non-negative integer, weight a finite number)',
  }),
});
export const modelArtefactSchema = z.object({
  format: z.literal('vigie-linear-v1'),
  version: z.string(),
  // Feature hashes are masked with dims - 1.
  dims: z
    .number()
    .int()
    .positive()
    .refine((d) => (d & (d - 1)) === 0, 'expected a power of two'),
  labels: z.object({ market: labelArtefactSchema, production: labelArtefactSchema }),
  meta: z.record(z.string(), z.unknown()),
});
export type ModelArtefact = z.infer<typeof modelArtefactSchema>;

const round = (v: number): number => Math.round(v * 1e5) / 1e5;

/** Serialises a model (sparse, rounded, stable key order: same model → same bytes). */
export function toArtefact(model: LinearModel): ModelArtefact {
  const label = (m: LabelModel): ModelArtefact['labels']['market'] => {
    const weights: Array<[number, number]> = [];
    m.weights.forEach((w, i) => {
      const r = round(w);
      if (r !== 0) weights.push([i, r]);
    });
    return { bias: round(m.bias), threshold: round(m.threshold), weights };
  };
  return {
    format: 'vigie-linear-v1',
    version: model.version,
    dims: model.dims,
    labels: { market: label(model.labels.market), production: label(model.labels.production) },
    meta: model.meta,
  };
}

/** Rebuilds a model from its artefact (validated). */
export function fromArtefact(raw: unknown): LinearModel {
  const a = modelArtefactSchema.parse(raw);
  const label = (l: ModelArtefact['labels']['market']): LabelModel => {
    const weights = new Float32Array(a.dims);
    for (const [i, w] of l.weights) if (i < a.dims) weights[i] = w;
    return { bias: l.bias, threshold: l.threshold, weights };
  };
  return {
    version: a.version,
    dims: a.dims,
    labels: { market: label(a.labels.market), production: label(a.labels.production) },
    meta: a.meta,
  };
}
