import type { Logger, Source } from '../domain/index.ts';
import { createAddressGuard } from './address-guard.ts';
import { createBrowserFetcher } from './browser-fetcher.ts';
import type { FetchedPage, Fetcher } from './fetcher.ts';
import { createHostLimiter } from './host-limiter.ts';
import { createHttpFetcher } from './http-fetcher.ts';
import { withRetries } from './retry.ts';
import { createRobotsCache, type RobotsVerdict } from './robots.ts';
import type { CrawlDeps } from './types.ts';

const ROBOTS_MAX_BYTES = 512 * 1024;

/** Everything between the crawl engine and the network for one run: politeness, retries, fetchers. */
export interface FetchSession {
  /** Throws a `blocked_address` error for a refused address. */
  checkAddress(url: string): Promise<void>;
  /** robots.txt's word on a URL (always allowed when the source ignores robots.txt); applies its Crawl-delay. */
  robots(url: string): Promise<RobotsVerdict>;
  /** Fetches with per-host limits and retries; conditional GET with validators from `deps.cache` when asked. */
  fetch(url: string, conditional: boolean): Promise<FetchedPage>;
  close(): Promise<void>;
}

/** Sets up the fetchers (http, and browser in browser mode), the host limiter and robots.txt for a run. */
export function createFetchSession(
  source: Source,
  deps: CrawlDeps,
  inScope: (url: string) => boolean,
  log: Logger,
): FetchSession {
  const guard = createAddressGuard({ allowPrivate: source.allowPrivateNetwork });
  const { concurrency, minDelayMs } = source.rateLimit;
  const { timeoutMs, maxBodyBytes, maxRedirects } = source.fetch;
  const common = {
    userAgent: deps.userAgent,
    timeoutMs,
    maxBodyBytes,
    maxRedirects,
    guard,
    inScope,
    signal: deps.signal,
  };
  const http = createHttpFetcher({ ...common, connections: concurrency });
  const browserMode = source.fetch.mode === 'browser';
  const fetcher: Fetcher = browserMode
    ? createBrowserFetcher({
        ...common,
        chromiumPath: deps.chromiumPath,
        waitFor: source.fetch.waitFor,
        screenshot: source.fetch.screenshot,
      })
    : http;
  const limiter = createHostLimiter({ concurrency, minDelayMs, signal: deps.signal });
  const retry = {
    retries: source.fetch.retries,
    baseMs: source.fetch.retryBaseMs,
    maxWaitMs: source.fetch.maxRetryAfterMs,
    signal: deps.signal,
  };

  function politely(
    url: string,
    fetchOnce: () => Promise<FetchedPage>,
    retries = retry.retries,
  ): Promise<FetchedPage> {
    const host = new URL(url).host;
    return withRetries(() => limiter.run(host, fetchOnce), {
      ...retry,
      retries,
      onRetryAfter: (ms) => limiter.pause(host, ms),
      onRetry: (attempt, err, waitMs) =>
        log.debug({ url, attempt, waitMs, err: (err as Error).message }, 'retrying'),
    });
  }

  const robotsCache =
    source.robots === 'obey'
      ? createRobotsCache({
          userAgent: deps.userAgent,
          logger: log,
          fetchRobots: (robotsUrl) =>
            politely(
              robotsUrl,
              () => http.fetch(robotsUrl, { maxBodyBytes: ROBOTS_MAX_BYTES }),
              Math.min(retry.retries, 1),
            ).then(
              (page) => ({ status: page.status, text: page.text }),
              (error: unknown) => ({ error }),
            ),
        })
      : null;

  return {
    checkAddress: (url) => guard.check(url),
    async robots(url) {
      if (!robotsCache) return { allowed: true, crawlDelayMs: 0 };
      const verdict = await robotsCache.check(url);
      if (verdict.crawlDelayMs > 0)
        limiter.setDelay(new URL(url).host, Math.min(verdict.crawlDelayMs, retry.maxWaitMs));
      return verdict;
    },
    async fetch(url, conditional) {
      // The browser cannot send validators: conditional GET is an http-mode saving.
      const useValidators = conditional && !browserMode;
      const validators = useValidators ? await deps.cache.get(url) : null;
      const page = await politely(url, () => fetcher.fetch(url, { validators }));
      const etag = page.headers.etag ?? null;
      const lastModified = page.headers['last-modified'] ?? null;
      if (useValidators && !page.notModified && (etag || lastModified)) {
        await deps.cache.set(url, { etag, lastModified }, new Date());
      }
      return page;
    },
    async close() {
      await Promise.all([http.close(), fetcher === http ? null : fetcher.close()]);
    },
  };
}
