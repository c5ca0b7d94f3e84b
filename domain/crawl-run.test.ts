import { describe, expect, it } from 'vitest';
import { emptyCrawlStats, sourceHealth, UNHEALTHY_AFTER_FAILED_RUNS, type CrawlRun } from './crawl-run.ts';

const run = (status: CrawlRun['status'], i: number): CrawlRun => ({
  id: `r${i}`,
  sourceId: 's',
  status,
  startedAt: new Date(Date.UTC(2026, 10, 25, 12, 0, 60 - i)).toISOString(),
  finishedAt: null,
  stats: emptyCrawlStats(),
  error: status === 'failed' ? 'network: 3' : null,
});
const runs = (...statuses: CrawlRun['status'][]) => statuses.map(run);

describe('sourceHealth', () => {
  it('is unknown before any finished run, ok after a success', () => {
    expect(sourceHealth([])).toBe('unknown');
    expect(sourceHealth(runs('running'))).toBe('unknown');
    expect(sourceHealth(runs('running', 'succeeded', 'failed'))).toBe('ok');
  });

  it('is failing after a failed run, unhealthy once the last N finished runs all failed', () => {
    expect(UNHEALTHY_AFTER_FAILED_RUNS).toBe(3);
    expect(sourceHealth(runs('failed', 'succeeded'))).toBe('failing');
    expect(sourceHealth(runs('failed', 'failed'))).toBe('failing');
    expect(sourceHealth(runs('failed', 'failed', 'succeeded', 'failed'))).toBe('failing');
    expect(sourceHealth(runs('running', 'failed', 'failed', 'failed'))).toBe('unhealthy');
  });
});
