import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import { Agent, request } from 'undici';
import type { AddressGuard } from './address-guard.ts';
import { decodeBody } from './charset.ts';
import { abortedError, crawlDetails, crawlError } from './errors.ts';
import type { FetchedPage, FetchOptions, Fetcher } from './fetcher.ts';
import { normalizeUrl } from './url.ts';

export interface HttpFetcherOptions {
  userAgent: string;
  timeoutMs: number;
  maxBodyBytes: number;
  maxRedirects: number;
  guard: AddressGuard;
  /** Whether a redirect target may be followed (the source's allowed hosts). */
  inScope: (url: string) => boolean;
  /** Open connections per origin. */
  connections: number;
  signal?: AbortSignal;
}

const REDIRECT = new Set([301, 302, 303, 307, 308]);
const RETRYABLE_4XX = new Set([408, 425, 429]);

/** `Retry-After` as milliseconds (delta-seconds or HTTP date), or undefined. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function flatHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || name === 'set-cookie') continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function decompressed(body: Readable, encoding: string | undefined): AsyncIterable<Buffer> {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return body.pipe(createGunzip());
    case 'deflate':
      return body.pipe(createInflate());
    case 'br':
      return body.pipe(createBrotliDecompress());
    default:
      return body;
  }
}

/** Node's error codes that mean "the network failed, try again later". */
function networkKind(err: unknown): 'timeout' | 'network' {
  const code = (err as { code?: string }).code ?? '';
  return /TIMEOUT|ETIMEDOUT/.test(code) ? 'timeout' : 'network';
}

/** Fetches pages with undici: manual redirects, address checks, body cap, timeouts and charset decoding. */
export function createHttpFetcher(opts: HttpFetcherOptions): Fetcher {
  const agent = new Agent({
    connections: opts.connections,
    keepAliveTimeout: 10_000,
    headersTimeout: opts.timeoutMs,
    bodyTimeout: opts.timeoutMs,
    connect: { timeout: opts.timeoutMs, lookup: opts.guard.lookup },
  });

  async function readBody(
    url: string,
    body: Readable,
    encoding: string | undefined,
    cap: number,
  ): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of decompressed(body, encoding)) {
        size += chunk.length;
        if (size > cap) throw crawlError('too_large', url, `body larger than ${cap} bytes`);
        chunks.push(chunk);
      }
    } finally {
      if (!body.readableEnded) body.destroy();
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
  }

  async function once(url: string, options: FetchOptions, signal: AbortSignal): Promise<FetchedPage> {
    const cap = options.maxBodyBytes ?? opts.maxBodyBytes;
    const chain = new Set<string>([url]);
    let current = url;
    for (let hop = 0; ; hop++) {
      await opts.guard.check(current);
      const headers: Record<string, string> = {
        'user-agent': opts.userAgent,
        accept:
          'text/html,application/xhtml+xml,application/xml;q=0.9,application/rss+xml,application/atom+xml,*/*;q=0.8',
        'accept-encoding': 'gzip, deflate, br',
      };
      // Validators belong to the URL they were stored for, so only the first hop sends them.
      if (hop === 0 && options.validators?.etag) headers['if-none-match'] = options.validators.etag;
      if (hop === 0 && options.validators?.lastModified)
        headers['if-modified-since'] = options.validators.lastModified;
      const res = await request(current, { method: 'GET', headers, dispatcher: agent, signal });
      const status = res.statusCode;
      const resHeaders = flatHeaders(res.headers);
      if (REDIRECT.has(status) && resHeaders.location) {
        await res.body.dump().catch(() => undefined);
        const next = normalizeUrl(resHeaders.location, current);
        if (!next)
          throw crawlError('redirects', current, `redirect to an unusable location "${resHeaders.location}"`);
        if (chain.has(next)) throw crawlError('redirects', url, `redirect loop through ${next}`);
        if (hop + 1 > opts.maxRedirects)
          throw crawlError('redirects', url, `more than ${opts.maxRedirects} redirects`);
        if (!opts.inScope(next))
          throw crawlError('redirects', url, `redirect leaves the allowed hosts: ${next}`);
        chain.add(next);
        current = next;
        continue;
      }
      const fetchedAt = new Date().toISOString();
      const contentType = resHeaders['content-type'] ?? '';
      const base = {
        requestUrl: url,
        finalUrl: current,
        status,
        headers: resHeaders,
        contentType,
        fetchedAt,
      };
      if (status === 304) {
        await res.body.dump().catch(() => undefined);
        return { ...base, body: new Uint8Array(0), text: '', notModified: true, screenshot: null };
      }
      if (status < 200 || status >= 300) {
        await res.body.dump({ limit: 65_536 }).catch(() => undefined);
        const retryAfterMs =
          status === 429 || status === 503 ? parseRetryAfter(resHeaders['retry-after']) : undefined;
        const server = status >= 500;
        throw crawlError(server ? 'http_5xx' : status >= 400 ? 'http_4xx' : 'other', url, `HTTP ${status}`, {
          status,
          retryable: server || RETRYABLE_4XX.has(status),
          ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        });
      }
      const declared = Number(resHeaders['content-length']);
      if (!resHeaders['content-encoding'] && declared > cap) {
        res.body.destroy();
        throw crawlError('too_large', url, `body of ${declared} bytes is larger than ${cap}`);
      }
      const body = await readBody(url, res.body, resHeaders['content-encoding'], cap);
      const { text } = decodeBody(body, contentType);
      return { ...base, body, text, notModified: false, screenshot: null };
    }
  }

  return {
    async fetch(url, options = {}) {
      if (opts.signal?.aborted) throw abortedError(url);
      // One controller per fetch for the timeout and the caller's abort (AbortSignal.any retains
      // its sources on Node 20, and costs more per request).
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, opts.timeoutMs);
      const onAbort = () => controller.abort();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        return await once(url, options, controller.signal);
      } catch (err) {
        if (opts.signal?.aborted) throw abortedError(url);
        if (timedOut)
          throw crawlError('timeout', url, `no complete answer within ${opts.timeoutMs} ms`, {
            retryable: true,
          });
        if (crawlDetails(err)) throw err;
        if ((err as { code?: string }).code === 'EVIGIEBLOCKED')
          throw crawlError('blocked_address', url, (err as Error).message);
        const kind = networkKind(err);
        throw crawlError(kind, url, `${kind} error: ${(err as Error).message}`, {
          cause: err,
          retryable: true,
        });
      } finally {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
      }
    },
    async close() {
      await agent.close();
    },
  };
}
