import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSources } from '../config/sources.ts';
import { SITE_NAMES, startDemoSites, type DemoSites, type SiteName } from '../demo/index.ts';
import type { Source } from '../domain/index.ts';
import { openSqliteStore } from '../store/sqlite/index.ts';
import type { Store } from '../store/types.ts';
import { runCrawl } from './index.ts';
import { collectingSink, tempDir, testDeps } from './test-support.ts';
import type { CrawlDeps } from './types.ts';

let tmp: ReturnType<typeof tempDir>;
let store: Store;
let deps: CrawlDeps;
let demo: DemoSites;
let sources: Map<string, Source>;

/** The id Vigie gives a demo item: the detail page URL for listing sources, the site's id otherwise. */
function expectedId(site: SiteName, corpusId: string): string {
  const where = demo.locate(corpusId);
  return site === 'classifieds' ? where.url : where.externalId;
}

beforeAll(async () => {
  tmp = tempDir();
  store = await openSqliteStore(join(tmp.dir, 'vigie.db'));
  deps = testDeps(tmp.dir, store.httpCache);
  demo = await startDemoSites();
  const vars = Object.fromEntries(SITE_NAMES.map((site) => [`demo.${site}`, demo.urls[site]]));
  // The demo files as shipped, minus their politeness delay: the sites are local and tests should be quick.
  sources = new Map(
    loadSources('config/sources', { vars }).map((s) => [
      s.id,
      { ...s, rateLimit: { minDelayMs: 0, concurrency: 8 } },
    ]),
  );
});

afterAll(async () => {
  await demo?.close();
  await store?.close();
  tmp?.cleanup();
});

// The shop needs browser mode: browser.test.ts covers script-rendered pages.
describe.each(['classifieds', 'telegram', 'forum', 'feed'] as const)('the bundled %s demo source', (site) => {
  it('is crawled completely, without errors, every item of the site seen', async () => {
    const sink = collectingSink();
    const result = await runCrawl(sources.get(`demo-${site}`)!, sink, deps);
    expect(result.stats.errors).toEqual({});
    expect(result.complete).toBe(true);
    const seen = new Set(result.seenExternalIds);
    const missing = demo.items[site].map((id) => expectedId(site, id)).filter((id) => !seen.has(id));
    expect(missing).toEqual([]);
    expect(sink.listings.length).toBeGreaterThanOrEqual(demo.items[site].length);
    for (const listing of sink.listings) {
      expect(listing.text.length + listing.title.length).toBeGreaterThan(0);
      expect(listing.evidence.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});

describe('the classifieds demo across runs', () => {
  it('answers 304 for every ad on an unchanged re-run, and drops a hidden ad from the seen ids', async () => {
    const source = sources.get('demo-classifieds')!;
    const sink = collectingSink();
    const again = await runCrawl(source, sink, deps);
    expect(sink.listings).toEqual([]);
    expect(again.stats.notModified).toBe(demo.items.classifieds.length);

    const hidden = demo.items.classifieds[0]!;
    demo.hide(hidden);
    const after = await runCrawl(source, collectingSink(), deps);
    expect(after.complete).toBe(true);
    expect(after.seenExternalIds).not.toContain(expectedId('classifieds', hidden));
    expect(after.seenExternalIds).toHaveLength(demo.items.classifieds.length - 1);
  });
});
