import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  silentLogger,
  sourceSchema,
  type ScrapedListing,
  type Source,
  type SourceInput,
} from '../domain/index.ts';
import { createFsEvidenceStore } from './evidence-store.ts';
import type { ConditionalCache, CrawlDeps, CrawlSink } from './types.ts';

export const TEST_UA = 'VigieTestBot/1.0 (+http://127.0.0.1/bot)';

/** A source for tests: private network allowed, no delays, fast retries; `overrides` on top. */
export function testSource(
  overrides: Partial<SourceInput> & Pick<SourceInput, 'startUrls' | 'kind' | 'extract'>,
): Source {
  return sourceSchema.parse({
    id: 'test-source',
    name: 'Test source',
    allowPrivateNetwork: true,
    rateLimit: { minDelayMs: 0, concurrency: 4 },
    ...overrides,
    fetch: { timeoutMs: 3000, retryBaseMs: 10, maxRetryAfterMs: 2000, ...overrides.fetch },
  });
}

/** The catalog rules of the fault site (demo/faults.ts). */
export const faultCatalogRules = {
  kind: 'listing',
  itemLinks: 'a.ad-link',
  nextPage: 'a.next',
  fields: {
    title: '.ad-title',
    text: '.ad-body',
    price: '.ad-price',
    commune: '.ad-commune',
    postedAt: 'time.ad-date@datetime',
  },
} as const;

/** A sink that keeps what it is given, in order. */
export function collectingSink(): CrawlSink & { listings: ScrapedListing[]; unchangedIds: string[] } {
  const listings: ScrapedListing[] = [];
  const unchangedIds: string[] = [];
  return {
    listings,
    unchangedIds,
    async listing(scraped) {
      listings.push(scraped);
    },
    async unchanged(id) {
      unchangedIds.push(id);
    },
  };
}

/** A temp dir for a test file, removed by `cleanup`. */
export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-crawl-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Crawl dependencies with file evidence under `dir`; `cache` is the store's HTTP cache in tests. */
export function testDeps(dir: string, cache: ConditionalCache): CrawlDeps {
  return {
    evidence: createFsEvidenceStore(join(dir, 'evidence')),
    cache,
    logger: silentLogger,
    userAgent: TEST_UA,
  };
}

export type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => unknown;

/** A small HTTP server on 127.0.0.1 answering from `routes` (path → handler), 404 otherwise. */
export async function serve(
  routes: Record<string, Route | string>,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = routes[url.pathname];
    if (route === undefined) return void res.writeHead(404).end('not found');
    if (typeof route === 'string') {
      const type = url.pathname.endsWith('.xml')
        ? 'application/xml; charset=utf-8'
        : 'text/html; charset=utf-8';
      return void res.writeHead(200, { 'content-type': type }).end(route);
    }
    void Promise.resolve(route(req, res, url)).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
