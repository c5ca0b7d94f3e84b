import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../domain/index.ts';
import { startFaultSite, type FaultSite } from '../demo/faults.ts';
import { createAddressGuard } from './address-guard.ts';
import { createHttpFetcher, parseRetryAfter } from './http-fetcher.ts';
import { TEST_UA, serve } from './test-support.ts';
import type { Fetcher } from './fetcher.ts';

let site: FaultSite;
let compressed: Awaited<ReturnType<typeof serve>>;
let fetcher: Fetcher;
const PAGE = '<html><body><p>Œuvre compressée</p></body></html>';

beforeAll(async () => {
  site = await startFaultSite({ items: 2 });
  compressed = await serve({
    '/gzip': (_req, res) =>
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' })
        .end(gzipSync(PAGE)),
    '/br': (_req, res) =>
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'br' })
        .end(brotliCompressSync(PAGE)),
    '/bomb': (_req, res) =>
      res
        .writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' })
        .end(gzipSync(Buffer.alloc(20 * 1024 * 1024))),
  });
  fetcher = createHttpFetcher({
    userAgent: TEST_UA,
    timeoutMs: 2000,
    maxBodyBytes: 1024 * 1024,
    maxRedirects: 3,
    guard: createAddressGuard({ allowPrivate: true }),
    inScope: () => true,
    connections: 2,
  });
});

afterAll(async () => {
  await fetcher.close();
  await Promise.all([site.close(), compressed.close()]);
});

async function failure(url: string) {
  const err = await fetcher.fetch(url).then(
    () => null,
    (e: unknown) => e,
  );
  expect(isAppError(err, 'fetch')).toBe(true);
  return err as Error & {
    retryable: boolean;
    details: { kind: string; status?: number; retryAfterMs?: number };
  };
}

describe('createHttpFetcher', () => {
  it('says which failures a retry can help', async () => {
    expect(await failure(`${site.url}/flaky/x?fails=5`)).toMatchObject({
      retryable: true,
      details: { kind: 'http_5xx', status: 500 },
    });
    expect(await failure(`${site.url}/ratelimit/x?times=5&retryAfter=7`)).toMatchObject({
      retryable: true,
      details: { kind: 'http_4xx', status: 429, retryAfterMs: 7000 },
    });
    expect(await failure(`${site.url}/slow/x?ms=3000`)).toMatchObject({
      retryable: true,
      details: { kind: 'timeout' },
    });
    expect(await failure(`${site.url}/item/999`)).toMatchObject({
      retryable: false,
      details: { kind: 'http_4xx', status: 404 },
    });
    expect(await failure(`${site.url}/huge?mb=2`)).toMatchObject({
      retryable: false,
      details: { kind: 'too_large' },
    });
    expect(await failure(`${site.url}/loop/a`)).toMatchObject({
      retryable: false,
      details: { kind: 'redirects' },
    });
    expect(await failure('http://127.0.0.1:1/closed')).toMatchObject({
      retryable: true,
      details: { kind: 'network' },
    });
  });

  it('decompresses gzip and brotli bodies and caps the decompressed size', async () => {
    for (const path of ['/gzip', '/br']) {
      const page = await fetcher.fetch(`${compressed.url}${path}`);
      expect(page.text).toBe(PAGE);
      expect(page.headers['content-encoding']).toBeDefined();
    }
    expect(await failure(`${compressed.url}/bomb`)).toMatchObject({ details: { kind: 'too_large' } });
  });

  it('sends validators only when asked and reports a 304', async () => {
    const first = await fetcher.fetch(`${site.url}/item/1`);
    expect(first.status).toBe(200);
    const again = await fetcher.fetch(`${site.url}/item/1`, {
      validators: { etag: first.headers.etag!, lastModified: null },
    });
    expect(again).toMatchObject({ status: 304, notModified: true, text: '' });
    expect(site.requests.at(-1)!.headers['if-none-match']).toBe(first.headers.etag);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(
      parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')),
    ).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
