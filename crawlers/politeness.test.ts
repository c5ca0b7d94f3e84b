import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultSite, type FaultSite } from '../demo/faults.ts';
import { openSqliteStore } from '../store/sqlite/index.ts';
import type { Store } from '../store/types.ts';
import { runCrawl } from './index.ts';
import {
  TEST_UA,
  collectingSink,
  faultCatalogRules,
  serve,
  tempDir,
  testDeps,
  testSource,
} from './test-support.ts';
import type { CrawlDeps } from './types.ts';

let tmp: ReturnType<typeof tempDir>;
let store: Store;
let deps: CrawlDeps;
const sites: FaultSite[] = [];

async function site(options?: Parameters<typeof startFaultSite>[0]): Promise<FaultSite> {
  const s = await startFaultSite(options);
  sites.push(s);
  return s;
}

const catalogSource = (
  s: FaultSite,
  overrides: Parameters<typeof testSource>[0] extends infer T ? Partial<T> : never = {},
) =>
  testSource({ kind: 'listing', startUrls: [`${s.url}/catalog`], extract: faultCatalogRules, ...overrides });

/** Gaps between consecutive page requests (robots.txt left out), in ms. */
function gaps(s: FaultSite): number[] {
  const times = s.requests.filter((r) => r.path !== '/robots.txt').map((r) => r.at);
  return times.slice(1).map((t, i) => t - times[i]!);
}

beforeAll(async () => {
  tmp = tempDir();
  store = await openSqliteStore(join(tmp.dir, 'vigie.db'));
  deps = testDeps(tmp.dir, store.httpCache);
});

afterAll(async () => {
  await Promise.all(sites.map((s) => s.close()));
  await store.close();
  tmp.cleanup();
});

describe('runCrawl politeness', () => {
  it('follows pagination once per URL, stays in scope, skips robots-disallowed links and sends its User-Agent', async () => {
    const s = await site({ items: 7, perPage: 5 });
    const sink = collectingSink();
    const result = await runCrawl(catalogSource(s), sink, deps);

    const ids = sink.listings.map((l) => l.externalId).sort();
    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `${s.url}/item/${n}`).sort());
    // The catalog links item 1 three times (plain, #photos, ?utm_source=): one request.
    expect(s.hits('/item/1')).toBe(1);
    expect(s.hits('/private/')).toBe(0);
    expect(s.hits('/robots.txt')).toBe(1);
    expect(result.stats.robotsSkipped).toBe(1);
    expect(result.stats.pagesFetched).toBe(9);
    // elsewhere.example was never tried (it would be a network error) and mailto: is no URL to crawl.
    expect(result.stats.errors).toEqual({});
    expect(result.complete).toBe(true);
    // The disallowed ad is not fetched but is on the catalog: it still counts as seen.
    expect(result.seenExternalIds.sort()).toEqual([...ids, `${s.url}/private/hidden-ad`].sort());
    expect(s.requests.every((r) => r.headers['user-agent'] === TEST_UA)).toBe(true);
  });

  it('honours Crawl-delay from robots.txt between requests to the host', async () => {
    const s = await site({ items: 2 });
    s.setRobots('User-agent: *\nCrawl-delay: 0.3\nDisallow: /private/\n');
    const result = await runCrawl(catalogSource(s), collectingSink(), deps);
    expect(result.stats.pagesFetched).toBe(3);
    expect(gaps(s).length).toBe(2);
    for (const gap of gaps(s)) expect(gap).toBeGreaterThanOrEqual(290);
  });

  it('keeps minDelayMs between requests and at most `concurrency` requests in flight per host', async () => {
    const spaced = await site({ items: 3 });
    await runCrawl(
      catalogSource(spaced, { rateLimit: { minDelayMs: 120, concurrency: 4 } }),
      collectingSink(),
      deps,
    );
    expect(gaps(spaced).length).toBe(3);
    for (const gap of gaps(spaced)) expect(gap).toBeGreaterThanOrEqual(110);

    const busy = await site({ items: 1 });
    for (let i = 0; i < 8; i++) busy.linkTo(`/slow/${i}?ms=120`);
    const result = await runCrawl(
      catalogSource(busy, { rateLimit: { minDelayMs: 0, concurrency: 2 } }),
      collectingSink(),
      deps,
    );
    expect(result.stats.pagesFetched).toBe(10);
    expect(busy.peakInFlight()).toBe(2);
  });

  it('stops at maxPages and reports the run incomplete', async () => {
    const s = await site({ items: 7, perPage: 5 });
    const sink = collectingSink();
    const result = await runCrawl(
      catalogSource(s, { maxPages: 3, rateLimit: { minDelayMs: 0, concurrency: 1 } }),
      sink,
      deps,
    );
    expect(result.stats.pagesFetched).toBe(3);
    expect(s.requests.filter((r) => r.path !== '/robots.txt')).toHaveLength(3);
    expect(result.complete).toBe(false);
  });

  it('obeys a robots.txt that disallows our user agent, and ignores robots.txt only when told to', async () => {
    const s = await site({ items: 2 });
    s.setRobots('User-agent: VigieTestBot\nDisallow: /\n\nUser-agent: *\nAllow: /\n');
    const obeyed = await runCrawl(catalogSource(s), collectingSink(), deps);
    expect(obeyed.stats.robotsSkipped).toBe(1);
    expect(obeyed.stats.pagesFetched).toBe(0);
    expect(obeyed.complete).toBe(false);
    expect(s.requests.map((r) => r.path)).toEqual(['/robots.txt']);

    const sink = collectingSink();
    const ignored = await runCrawl(catalogSource(s, { robots: 'ignore' }), sink, deps);
    expect(ignored.stats.robotsSkipped).toBe(0);
    expect(s.hits('/private/')).toBe(1);
    expect(sink.listings.map((l) => l.title)).toContain('Page private-hidden-ad');
  });

  it('refuses loopback addresses, literal or resolved, unless the source allows the private network', async () => {
    const s = await site({ items: 1 });
    const port = new URL(s.url).port;
    for (const start of [
      `${s.url}/catalog`,
      `http://localhost:${port}/catalog`,
      `http://[::ffff:127.0.0.1]:${port}/catalog`,
    ]) {
      const result = await runCrawl(
        testSource({
          kind: 'listing',
          startUrls: [start],
          extract: faultCatalogRules,
          allowPrivateNetwork: false,
        }),
        collectingSink(),
        deps,
      );
      expect(result.stats.errors).toEqual({ blocked_address: 1 });
      expect(result.failures[0]!.message).toMatch(/non-public address/);
      expect(result.failures[0]!.attempts).toBe(1);
      expect(result.error).toMatch(/no page could be fetched/);
      expect(result.complete).toBe(false);
    }
    expect(s.requests).toHaveLength(0);
  });

  it('follows links to another host only when it is in allowedHosts', async () => {
    const main = await site({ items: 1 });
    const other = await site({ items: 2 });
    const otherHost = new URL(other.url).host;
    main.linkTo(`${other.url}/item/2`);
    const outside = await runCrawl(catalogSource(main), collectingSink(), deps);
    expect(other.requests).toHaveLength(0);
    expect(outside.stats.pagesFetched).toBe(2);

    const sink = collectingSink();
    await runCrawl(catalogSource(main, { allowedHosts: [otherHost] }), sink, deps);
    expect(other.hits('/item/2')).toBe(1);
    expect(sink.listings.map((l) => l.externalId)).toContain(`${other.url}/item/2`);
  });

  it('reports progress page by page and stops soon after the caller aborts', async () => {
    const s = await site({ items: 1 });
    for (let i = 0; i < 20; i++) s.linkTo(`/slow/abort-${i}?ms=200`);
    const controller = new AbortController();
    const progress: number[] = [];
    const result = await runCrawl(
      catalogSource(s, { rateLimit: { minDelayMs: 0, concurrency: 2 } }),
      collectingSink(),
      {
        ...deps,
        signal: controller.signal,
        onProgress: (p) => {
          progress.push(p.pagesFetched);
          expect(p.maxPages).toBe(200);
          if (p.pagesFetched >= 3) controller.abort();
        },
      },
    );
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(result.complete).toBe(false);
    expect(result.error).toBe('crawl aborted');
    expect(result.stats.errors).toEqual({});
    expect(s.hits('/slow/')).toBeLessThanOrEqual(4);
  });

  it('crawls a host without robots.txt (404), and nothing of a host whose robots.txt fails (5xx)', async () => {
    let catalogHits = 0;
    let robotsStatus = 404;
    const server = await serve({
      '/robots.txt': (_req, res) => res.writeHead(robotsStatus).end('no'),
      '/catalog': (_req, res) => {
        catalogHits++;
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<html><body><p>Empty catalog</p></body></html>');
      },
    });
    try {
      const source = testSource({
        kind: 'listing',
        startUrls: [`${server.url}/catalog`],
        extract: faultCatalogRules,
      });
      const open = await runCrawl(source, collectingSink(), deps);
      expect([open.stats.pagesFetched, catalogHits, open.complete]).toEqual([1, 1, true]);

      robotsStatus = 503;
      const closed = await runCrawl(source, collectingSink(), deps);
      expect(catalogHits).toBe(1);
      expect(closed.stats.errors).toEqual({ http_5xx: 1 });
      expect(closed.failures[0]!.url).toBe(`${server.url}/robots.txt`);
      expect(closed.complete).toBe(false);
      expect(closed.error).toMatch(/no page could be fetched: HTTP 503/);
    } finally {
      await server.close();
    }
  });
});
