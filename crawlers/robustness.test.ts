import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceInput } from '../domain/index.ts';
import { startFaultSite, type FaultSite } from '../demo/faults.ts';
import { openSqliteStore } from '../store/sqlite/index.ts';
import type { Store } from '../store/types.ts';
import { runCrawl } from './index.ts';
import { collectingSink, faultCatalogRules, tempDir, testDeps, testSource } from './test-support.ts';
import type { CrawlDeps } from './types.ts';

let tmp: ReturnType<typeof tempDir>;
let store: Store;
let deps: CrawlDeps;
const sites: FaultSite[] = [];

/** Crawls a one-item catalog that also links to `paths` on the fault site. */
async function crawlWith(paths: string[], overrides: Partial<SourceInput> = {}) {
  const site = await startFaultSite({ items: 1 });
  sites.push(site);
  for (const path of paths) site.linkTo(path);
  const sink = collectingSink();
  const source = testSource({
    kind: 'listing',
    startUrls: [`${site.url}/catalog`],
    extract: faultCatalogRules,
    ...overrides,
  });
  const result = await runCrawl(source, sink, deps);
  const byTitle = (title: string) => sink.listings.find((l) => l.title === title);
  return { site, sink, result, byTitle };
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

describe('runCrawl robustness', () => {
  it('retries 500s with backoff and gets the page when the server recovers', async () => {
    const { site, result, byTitle } = await crawlWith(['/flaky/a?fails=2'], { fetch: { retries: 3 } });
    expect(site.hits('/flaky/a')).toBe(3);
    expect(byTitle('Page flaky-a')).toBeDefined();
    expect(result.stats.errors).toEqual({});
  });

  it('gives up after the configured tries and records why', async () => {
    const { site, result } = await crawlWith(['/flaky/b?fails=10&status=503'], { fetch: { retries: 2 } });
    expect(site.hits('/flaky/b')).toBe(3);
    expect(result.stats.errors).toEqual({ http_5xx: 1 });
    expect(result.failures).toEqual([
      {
        url: `${site.url}/flaky/b?fails=10&status=503`,
        kind: 'http_5xx',
        message: expect.stringMatching(/HTTP 503/),
        attempts: 3,
      },
    ]);
    // The catalog itself was read, so the other listings still count as seen.
    expect(result.stats.pagesFetched).toBe(2);
  });

  it('waits for Retry-After on a 429 before trying again', async () => {
    const { site, byTitle } = await crawlWith(['/ratelimit/c?times=1&retryAfter=1']);
    const times = site.requests.filter((r) => r.path.startsWith('/ratelimit/c')).map((r) => r.at);
    expect(times).toHaveLength(2);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(990);
    expect(byTitle('Page ratelimit-c')).toBeDefined();
  });

  it('caps a huge Retry-After at maxRetryAfterMs instead of stalling the run', async () => {
    // Without the cap this would wait 120 s and the test would time out.
    const { byTitle } = await crawlWith(['/ratelimit/d?times=1&retryAfter=120'], {
      fetch: { maxRetryAfterMs: 200 },
    });
    expect(byTitle('Page ratelimit-d')).toBeDefined();
  });

  it('times out slow responses, retries them, and counts a timeout', async () => {
    const { site, result } = await crawlWith(['/slow/e?ms=1500'], { fetch: { timeoutMs: 300, retries: 1 } });
    expect(site.hits('/slow/e')).toBe(2);
    expect(result.stats.errors).toEqual({ timeout: 1 });
    expect(result.failures[0]).toMatchObject({ kind: 'timeout', attempts: 2 });
  });

  it('aborts bodies over maxBodyBytes, streamed or announced, without retrying', async () => {
    const { site, result } = await crawlWith(['/huge?mb=8', '/huge?mb=4&length=1'], {
      fetch: { maxBodyBytes: 1024 * 1024 },
    });
    expect(result.stats.errors).toEqual({ too_large: 2 });
    expect(site.hits('/huge')).toBe(2);
  });

  it('stops redirect loops and chains longer than maxRedirects, and follows shorter chains', async () => {
    const loop = await crawlWith(['/loop/a', '/redirect/3'], { fetch: { maxRedirects: 5 } });
    expect(loop.result.stats.errors).toEqual({ redirects: 1 });
    expect(loop.result.failures[0]!.message).toMatch(/redirect loop/);
    const followed = loop.sink.listings.find((l) => l.externalId === `${loop.site.url}/redirect/3`);
    expect(followed?.evidence.finalUrl).toBe(`${loop.site.url}/item/1`);

    const long = await crawlWith(['/redirect/3'], { fetch: { maxRedirects: 2 } });
    expect(long.result.stats.errors).toEqual({ redirects: 1 });
    expect(long.result.failures[0]!.message).toMatch(/more than 2 redirects/);
  });

  it('decodes windows-1252 pages declared in the header, in a meta tag, or not at all', async () => {
    const { sink } = await crawlWith(['/cp1252/h?decl=header', '/cp1252/m?decl=meta', '/cp1252/n?decl=none']);
    const pages = sink.listings.filter((l) => l.title.startsWith('Caf'));
    expect(pages).toHaveLength(3);
    for (const page of pages) {
      expect(page.title).toBe('Café à vendre – 25 €');
      expect(page.text).toBe('“Qualité” supérieure, œuvre d’art, naïve façon. Prix: 25 €.');
      expect(page.fields.price).toBe('25 €');
    }
  });

  it('extracts what it can from malformed HTML', async () => {
    const { sink, result } = await crawlWith(['/malformed/f']);
    const listing = sink.listings.find((l) => l.title.startsWith('Annonce f'));
    expect(listing?.text).toMatch(/^Texte sans fin de balises/);
    expect(result.stats.errors).toEqual({});
  });

  it('counts a page the rules cannot read as a parse error', async () => {
    const { result } = await crawlWith(['/nothing-here-but-a-404-page']);
    // A 404 detail page is a gone ad (http_4xx), not a parse problem.
    expect(result.stats.errors).toEqual({ http_4xx: 1 });
    expect(result.complete).toBe(true);
    const site = await startFaultSite({ items: 1 });
    sites.push(site);
    const bad = await runCrawl(
      testSource({
        kind: 'listing',
        startUrls: [`${site.url}/catalog`],
        extract: { ...faultCatalogRules, fields: { title: '.no-such-title', text: '.no-such-text' } },
      }),
      collectingSink(),
      deps,
    );
    expect(bad.stats.errors).toEqual({ parse: 1 });
    expect(bad.failures[0]!.message).toMatch(/text selector ".no-such-text" matched nothing/);
  });

  it('drops a detail page that is gone (410) from the seen ids, without retrying', async () => {
    const { site, result } = await crawlWith(['/gone/g']);
    expect(site.hits('/gone/g')).toBe(1);
    expect(result.seenExternalIds).not.toContain(`${site.url}/gone/g`);
    expect(result.seenExternalIds).toContain(`${site.url}/item/1`);
    expect(result.complete).toBe(true);
  });

  it('rejects a source whose selector is not valid CSS before any request', async () => {
    const site = await startFaultSite({ items: 1 });
    sites.push(site);
    const source = testSource({
      kind: 'listing',
      startUrls: [`${site.url}/catalog`],
      extract: { ...faultCatalogRules, itemLinks: 'a[href=' },
    });
    await expect(runCrawl(source, collectingSink(), deps)).rejects.toThrow(/invalid CSS selector "a\[href="/);
    expect(site.requests).toHaveLength(0);
  });
});
