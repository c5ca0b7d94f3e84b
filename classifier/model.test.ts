import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../domain/errors.ts';
import { testDir } from '../test-support/temp-dir.ts';
import { readModel } from './index.ts';
import { fromArtefact, toArtefact } from './model.ts';
import type { ModelArtefact } from './model.ts';

const artefact = (): ModelArtefact => ({
  format: 'vigie-linear-v1',
  version: 'test-1',
  dims: 8,
  labels: {
    market: {
      bias: -1,
      threshold: 0.5,
      weights: [
        [1, 0.25],
        [7, -2],
      ],
    },
    production: { bias: 0.5, threshold: -0.25, weights: [] },
  },
  meta: { note: 'test' },
});

/** Writes `content` to a model file and returns what `readModel` throws for it. */
function readError(content: string): Error {
  const file = join(testDir('model'), 'model.json');
  writeFileSync(file, content);
  try {
    readModel(file);
  } catch (err) {
    expect(isAppError(err, 'validation')).toBe(true);
    expect((err as Error).message).toContain(file);
    return err as Error;
  }
  throw new Error('readModel accepted a bad artefact');
}

describe('model artefacts', () => {
  it('round-trips weights, thresholds and metadata', () => {
    const model = fromArtefact(artefact());
    expect(Array.from(model.labels.market.weights)).toEqual([0, 0.25, 0, 0, 0, 0, 0, -2]);
    expect(toArtefact(model)).toEqual(artefact());
  });

  it('refuses malformed weight pairs, naming the label', () => {
    for (const weights of [[[1]], [[-1, 0.5]], [[1.5, 0.5]], [[1, '0.5']], [[1, 0.5, 2]], {}]) {
      const a = artefact() as unknown as { labels: { production: { weights: unknown } } };
      a.labels.production.weights = weights;
      expect(readError(JSON.stringify(a)).message).toMatch(
        /\[index, weight\] pairs[\s\S]*production\.weights/,
      );
    }
  });

  it('refuses dims that are not a power of two (features are masked with dims - 1)', () => {
    expect(readError(JSON.stringify({ ...artefact(), dims: 12 })).message).toMatch(/power of two[\s\S]*dims/);
  });

  it('names a file that is not JSON', () => {
    expect(readError('{"format": "vigie-linear-v1",').message).toMatch(/cannot read model .*JSON/);
  });
});
