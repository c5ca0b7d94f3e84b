import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSources } from '../config/sources.ts';
import { startDemoSites, type DemoSites } from '../demo/index.ts';
import { isAppError, sourceSchema, type Source } from '../domain/index.ts';
import type { Store } from '../store/types.ts';
import type { createCrawlPipeline } from './crawl-job.ts';
import { createTestPipeline } from './test-support.ts';

// The pipeline against the real Telegram demo channel, a real SQLite file and the real classifier.
let dir: string;
let demo: DemoSites;
let store: Store;
let sources: Map<string, Source>;
let pipeline: ReturnType<typeof createCrawlPipeline>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigie-pipeline-'));
  demo = await startDemoSites();
  const vars = Object.fromEntries(Object.entries(demo.urls).map(([k, v]) => [`demo.${k}`, v]));
  const telegram = loadSources('config/sources/demo-telegram.yaml', { vars })[0]!;
  const down = sourceSchema.parse({
    id: 'down',
    name: 'A site that is down',
    kind: 'feed',
    startUrls: ['http://127.0.0.1:9/rss.xml'],
    allowPrivateNetwork: true,
    fetch: { retries: 0 },
    extract: { kind: 'feed' },
  });
  sources = new Map([
    [telegram.id, telegram],
    [down.id, down],
  ]);
  ({ store, pipeline } = await createTestPipeline(dir, (id) => sources.get(id)));
});

afterAll(async () => {
  await store?.close();
  await demo?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A Telegram demo message that raises an alert. */
async function alertedMessage(): Promise<{ corpusId: string; listingId: string }> {
  for (const corpusId of demo.items.telegram) {
    const listing = await store.listings.getByExternalId('demo-telegram', demo.locate(corpusId).externalId);
    if (listing && (await store.alerts.getByListing(listing.id))) return { corpusId, listingId: listing.id };
  }
  throw new Error('no alerted Telegram message');
}

describe('crawl pipeline', () => {
  it('stores every message once, and alerts only on new or changed versions', async () => {
    const first = await pipeline.runSource('demo-telegram');
    expect(first.status).toBe('succeeded');
    expect(first.stats.listingsNew).toBe(demo.items.telegram.length);

    const { corpusId, listingId } = await alertedMessage();
    const before = (await store.alerts.getByListing(listingId))!;
    demo.edit(
      corpusId,
      'Nouveau menu 🍁 beuh 10€/g, coke 60€/g, livraison Ixelles 7/7, telegram @menu_bxl555',
    );
    const second = await pipeline.runSource('demo-telegram');
    expect(second.stats).toMatchObject({ listingsNew: 0, listingsChanged: 1 });
    expect(second.stats.listingsUnchanged).toBe(demo.items.telegram.length - 1);
    const after = (await store.alerts.getByListing(listingId))!;
    expect(after.id).toBe(before.id);
    expect(after.listingVersion).toBe(2);
    expect((await store.listings.versions(listingId)).map((v) => v.version)).toEqual([1, 2]);
    demo.reset();
  });

  it('marks a message removed once it has been missing for the source’s number of runs', async () => {
    const [corpusId] = demo.items.telegram;
    const externalId = demo.locate(corpusId!).externalId;
    demo.hide(corpusId!);
    const removeAfter = sources.get('demo-telegram')!.removeAfterMissedRuns;
    const runs = [];
    for (let i = 0; i < removeAfter; i += 1) runs.push(await pipeline.runSource('demo-telegram'));
    const listing = (await store.listings.getByExternalId('demo-telegram', externalId))!;
    expect(listing.status).toBe('removed');
    expect(listing.removedAt).not.toBeNull();
    expect(runs.map((r) => r.stats.listingsRemoved)).toEqual([...Array(removeAfter - 1).fill(0), 1]);
    demo.reset();
  });

  it('records a failed run with its reason and throws a retryable error', async () => {
    const error = await pipeline.runSource('down').catch((err: unknown) => err);
    expect(isAppError(error, 'unavailable')).toBe(true);
    expect((error as { retryable: boolean }).retryable).toBe(true);
    const [run] = await store.runs.listBySource('down', 1);
    expect(run?.status).toBe('failed');
    expect(run?.error).toBeTruthy();
  });

  it('skips scheduled runs of a paused source but runs it when asked by hand', async () => {
    await store.sourceStates.setPaused('demo-telegram', true, new Date());
    const count = async () => (await store.runs.listBySource('demo-telegram', 100)).length;
    const runsBefore = await count();
    await pipeline.handler({ sourceId: 'demo-telegram', reason: 'schedule', attempt: 1 });
    expect(await count()).toBe(runsBefore);
    await pipeline.handler({ sourceId: 'demo-telegram', reason: 'manual', attempt: 1 });
    expect(await count()).toBe(runsBefore + 1);
    await store.sourceStates.setPaused('demo-telegram', false, new Date());
  });

  it('refuses an unknown source with a not_found error and records nothing', async () => {
    const error = await pipeline.runSource('nope').catch((err: unknown) => err);
    expect(isAppError(error, 'not_found')).toBe(true);
    expect(await store.runs.listBySource('nope', 1)).toEqual([]);
  });
});
