import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listingContentHash } from '../domain/index.ts';
import { startFaultSite, type FaultSite } from '../demo/faults.ts';
import { openSqliteStore } from '../store/sqlite/index.ts';
import type { Store } from '../store/types.ts';
import { runCrawl } from './index.ts';
import { collectingSink, faultCatalogRules, tempDir, testDeps, testSource } from './test-support.ts';
import type { CrawlDeps } from './types.ts';

let tmp: ReturnType<typeof tempDir>;
let store: Store;
let deps: CrawlDeps;
let site: FaultSite;
const firstHashes = new Map<string, string>();

const source = () =>
  testSource({ kind: 'listing', startUrls: [`${site.url}/catalog`], extract: faultCatalogRules });
const itemUrl = (id: number) => `${site.url}/item/${id}`;
/** Ids on the catalog: the ads plus the robots-disallowed one, never fetched but listed. */
const catalogIds = (...ids: number[]) => [...ids.map(itemUrl), `${site.url}/private/hidden-ad`].sort();

beforeAll(async () => {
  tmp = tempDir();
  store = await openSqliteStore(join(tmp.dir, 'vigie.db'));
  deps = testDeps(tmp.dir, store.httpCache);
  site = await startFaultSite({ items: 4, perPage: 10 });
});

afterAll(async () => {
  await site.close();
  await store.close();
  tmp.cleanup();
});

describe('change awareness and evidence', () => {
  it('hands every listing over with its fields, JSON-LD data, content hash and stored evidence', async () => {
    const sink = collectingSink();
    const result = await runCrawl(source(), sink, deps);
    expect(result.complete).toBe(true);
    expect(sink.listings).toHaveLength(4);
    const first = sink.listings.find((l) => l.externalId === itemUrl(1))!;
    expect(first).toMatchObject({
      sourceId: 'test-source',
      url: itemUrl(1),
      title: 'Annonce numéro 1',
      text: "Description de l'annonce 1. Livraison possible, contact par message.",
      postedAt: '2024-01-01T12:00:00.000Z',
      fields: { price: '5 €', commune: 'Anderlecht', currency: 'EUR', sku: 'AD-1', availability: 'InStock' },
    });
    expect(first.contentHash).toBe(listingContentHash(first));
    for (const l of sink.listings) firstHashes.set(l.externalId, l.contentHash);

    const { evidence } = first;
    expect(evidence).toMatchObject({ finalUrl: itemUrl(1), status: 200, screenshotSha256: null });
    expect(evidence.headers.etag).toMatch(/^"/);
    expect(evidence.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(Date.parse(evidence.fetchedAt)).toBeGreaterThan(Date.now() - 60_000);
    const body = await deps.evidence.get(evidence.sha256, 'html');
    expect(createHash('sha256').update(body!).digest('hex')).toBe(evidence.sha256);
    expect(Buffer.from(body!).toString('utf8')).toContain('<h1 class="ad-title">Annonce numéro 1</h1>');

    // Validators were kept for the next run.
    const validators = await store.httpCache.get(itemUrl(1));
    expect(validators).toEqual({
      etag: evidence.headers.etag,
      lastModified: evidence.headers['last-modified'],
    });
  });

  it('re-crawls an unchanged site with conditional GETs: every detail page is a 304 and reported unchanged', async () => {
    const before = site.requests.length;
    const sink = collectingSink();
    const result = await runCrawl(source(), sink, deps);
    const detailRequests = site.requests.slice(before).filter((r) => r.path.startsWith('/item/'));
    expect(detailRequests).toHaveLength(4);
    expect(detailRequests.every((r) => typeof r.headers['if-none-match'] === 'string')).toBe(true);
    expect(detailRequests.every((r) => typeof r.headers['if-modified-since'] === 'string')).toBe(true);
    expect(sink.listings).toHaveLength(0);
    expect(sink.unchangedIds.sort()).toEqual([1, 2, 3, 4].map(itemUrl).sort());
    expect(result.stats.notModified).toBe(4);
    expect(result.seenExternalIds.sort()).toEqual(catalogIds(1, 2, 3, 4));
    expect(result.complete).toBe(true);
  });

  it('fetches a changed ad in full and gives it a new content hash', async () => {
    site.updateItem('2', { text: 'Nouveau texte, prix en baisse.' });
    const sink = collectingSink();
    await runCrawl(source(), sink, deps);
    expect(sink.listings.map((l) => l.externalId)).toEqual([itemUrl(2)]);
    expect(sink.listings[0]!.text).toBe('Nouveau texte, prix en baisse.');
    expect(sink.listings[0]!.contentHash).not.toBe(firstHashes.get(itemUrl(2)));
    expect(sink.unchangedIds.sort()).toEqual([1, 3, 4].map(itemUrl).sort());
  });

  it('no longer reports an ad that disappeared from the catalog, in a run that is complete', async () => {
    site.removeItem('3');
    const result = await runCrawl(source(), collectingSink(), deps);
    expect(result.complete).toBe(true);
    expect(result.seenExternalIds.sort()).toEqual(catalogIds(1, 2, 4));
  });

  it('says a run is incomplete when a list page could not be read, so nothing is marked missing', async () => {
    const broken = testSource({
      kind: 'listing',
      startUrls: [`${site.url}/catalog`, `${site.url}/flaky/list?fails=9`],
      extract: faultCatalogRules,
      fetch: { retries: 0 },
    });
    const result = await runCrawl(broken, collectingSink(), deps);
    expect(result.stats.errors).toEqual({ http_5xx: 1 });
    expect(result.complete).toBe(false);
    expect(result.error).toBeNull();
  });
});
