import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyCrawlStats, isAppError } from '../../domain/index.ts';
import type { Store } from '../types.ts';
import { at, type StoreContract } from './fixtures.ts';

/** Crawl runs: start, finish, newest first per source. */
export const runsContract: StoreContract = (name, open) => {
  describe(`${name}: crawl runs`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('starts a run as running with empty stats', async () => {
      const run = await store.runs.start('demo-classifieds', at(0));
      expect(run).toMatchObject({
        sourceId: 'demo-classifieds',
        status: 'running',
        startedAt: at(0).toISOString(),
        finishedAt: null,
        stats: emptyCrawlStats(),
        error: null,
      });
      expect(await store.runs.get(run.id)).toEqual(run);
      expect(await store.runs.get('no-such-run')).toBeNull();
    });

    it('finishes a run with its stats and error', async () => {
      const ok = await store.runs.start('s', at(0));
      const stats = { ...emptyCrawlStats(), pagesFetched: 12, listingsNew: 3, errors: { http_5xx: 2 } };
      const done = await store.runs.finish(ok.id, { status: 'succeeded', stats, error: null }, at(2));
      expect(done).toEqual({ ...ok, status: 'succeeded', stats, finishedAt: at(2).toISOString() });
      expect(await store.runs.get(ok.id)).toEqual(done);

      const bad = await store.runs.start('s', at(3));
      const failed = await store.runs.finish(
        bad.id,
        { status: 'failed', stats: emptyCrawlStats(), error: 'robots.txt unreachable' },
        at(4),
      );
      expect(failed).toMatchObject({ status: 'failed', error: 'robots.txt unreachable' });
    });

    it('refuses to finish an unknown run', async () => {
      const err = await store.runs
        .finish('no-such-run', { status: 'succeeded', stats: emptyCrawlStats(), error: null }, at(0))
        .catch((e: unknown) => e);
      expect(isAppError(err, 'not_found')).toBe(true);
    });

    it('lists the runs of one source newest first, up to the limit', async () => {
      const runs = [];
      for (const minute of [5, 1, 9, 3]) runs.push(await store.runs.start('s', at(minute)));
      await store.runs.start('other', at(20));
      const listed = await store.runs.listBySource('s', 10);
      expect(listed.map((r) => r.startedAt)).toEqual([9, 5, 3, 1].map((m) => at(m).toISOString()));
      expect((await store.runs.listBySource('s', 2)).map((r) => r.id)).toEqual(
        listed.slice(0, 2).map((r) => r.id),
      );
      expect(await store.runs.listBySource('none', 5)).toEqual([]);
    });
  });
};
