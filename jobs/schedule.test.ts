import { describe, expect, it } from 'vitest';
import { AppError } from '../domain/index.ts';
import { testSource } from './contract/helpers.ts';
import { assertSourceId, parseDuration, retryDelay, triggersOf } from './schedule.ts';

describe('parseDuration', () => {
  it('reads every unit', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('1d')).toBe(86_400_000);
  });

  it('rejects what is not a positive duration', () => {
    for (const bad of ['', '0s', '15', 'm', '1.5h', '-1m', '1w', `${'9'.repeat(20)}d`]) {
      expect(() => parseDuration(bad), bad).toThrow(AppError);
    }
  });
});

describe('triggersOf', () => {
  it('turns `every` into milliseconds and keeps cron patterns', () => {
    const triggers = triggersOf([
      testSource('a', { every: '15m' }),
      testSource('b', { cron: '0 */2 * * *' }),
    ]);
    expect(Object.fromEntries(triggers)).toEqual({ a: { every: 900_000 }, b: { pattern: '0 */2 * * *' } });
  });

  it('names every bad source in one validation error', () => {
    const sevenFields = { ...testSource('seven', { every: '1s' }), schedule: { cron: '0 0 0 1 1 * 2030' } };
    const badMinute = { ...testSource('minute', { every: '1s' }), schedule: { cron: '61 * * * *' } };
    const both = { ...testSource('both', { every: '1s' }), schedule: { every: '1s', cron: '* * * * *' } };
    const twice = testSource('ok', { every: '1s' });
    let error: unknown;
    try {
      triggersOf([twice, sevenFields, badMinute, both, twice]);
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({ code: 'validation' });
    expect((error as AppError).details).toEqual([
      expect.stringMatching(/^seven: .*5 or 6 fields/),
      expect.stringMatching(/^minute: .*minute/),
      expect.stringMatching(/^both: give exactly one/),
      'ok: listed twice',
    ]);
  });
});

describe('assertSourceId', () => {
  it('accepts source ids and refuses anything else', () => {
    expect(() => assertSourceId('demo-classifieds-2')).not.toThrow();
    expect(() => assertSourceId('bad id')).toThrow(/not a source id/);
  });
});

describe('retryDelay', () => {
  it('doubles from the base delay', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelay(attempt, 100))).toEqual([100, 200, 400, 800]);
  });
});
