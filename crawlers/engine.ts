import { load } from 'cheerio/slim';
import {
  AppError,
  emptyCrawlStats,
  listingContentHash,
  type CrawlErrorKind,
  type EvidenceRef,
  type Source,
} from '../domain/index.ts';
import { findChromium } from './chromium.ts';
import { crawlDetails, crawlError, crawlErrorKind } from './errors.ts';
import { kindHandler } from './extract/index.ts';
import { parseSelector } from './extract/dom.ts';
import type { CrawlTask, KindHandler, ListingDraft } from './extract/kind.ts';
import type { FetchedPage } from './fetcher.ts';
import { createFetchSession } from './fetch-session.ts';
import type { CrawlDeps, CrawlFailure, CrawlResult, CrawlSink } from './types.ts';
import { createHostScope, normalizeUrl } from './url.ts';

const MAX_FAILURES_KEPT = 50;

/** Rejects a source whose selectors cheerio cannot parse, before any request is made. */
function checkSelectors(source: Source, kind: KindHandler): void {
  const $ = load('<html><body></body></html>');
  for (const selector of kind.selectors()) {
    const { css } = parseSelector(selector);
    if (css === '') continue;
    try {
      $(css);
    } catch (cause) {
      throw new AppError(
        'config',
        `source ${source.id}: invalid CSS selector "${selector}": ${(cause as Error).message}`,
        {
          cause,
        },
      );
    }
  }
}

/**
 * Crawls one source once: start URLs → pages allowed by robots.txt and the source's hosts →
 * listings with evidence, handed to `sink`. Fetch failures are counted, never thrown; a bad
 * source, a missing Chromium or a failing sink reject the promise.
 */
export async function runCrawl(source: Source, sink: CrawlSink, deps: CrawlDeps): Promise<CrawlResult> {
  const kind = kindHandler(source);
  checkSelectors(source, kind);
  const browserMode = source.fetch.mode === 'browser';
  if (browserMode) await findChromium(deps.chromiumPath);

  const log = deps.logger.child({ sourceId: source.id });
  const stats = emptyCrawlStats();
  const failures: CrawlFailure[] = [];
  const seen = new Set<string>();
  /** Ids linked from list pages whose detail page is gone (404/410): not reported as seen. */
  const dropped = new Set<string>();
  const robotsFailures = new Set<unknown>();
  const inScope = createHostScope(source.startUrls, source.allowedHosts);
  const session = createFetchSession(source, deps, inScope, log);
  const { concurrency } = source.rateLimit;

  let complete = true;
  let dispatched = 0;
  const queue: CrawlTask[] = [];
  let head = 0;
  const enqueued = new Set<string>();

  function enqueue(task: CrawlTask): void {
    const url = normalizeUrl(task.url);
    if (!url || !inScope(url) || enqueued.has(url)) return;
    enqueued.add(url);
    queue.push({ url, role: task.role });
    const id = kind.idFromUrl({ url, role: task.role });
    if (id) seen.add(id);
  }

  function recordFailure(task: CrawlTask, err: unknown): void {
    const errorKind: CrawlErrorKind = crawlErrorKind(err);
    stats.errors[errorKind] = (stats.errors[errorKind] ?? 0) + 1;
    const details = crawlDetails(err);
    if (failures.length < MAX_FAILURES_KEPT) {
      failures.push({
        url: task.url,
        kind: errorKind,
        message: (err as Error).message,
        attempts: details?.attempts ?? 1,
      });
    }
    const id = kind.idFromUrl(task);
    // A detail page that is gone (404/410) means the ad is gone, whatever the list page still says.
    const isGone = task.role === 'detail' && (details?.status === 404 || details?.status === 410);
    if (isGone && id) dropped.add(id);
    else if (!isGone && !id) complete = false;
    log.warn({ url: task.url, kind: errorKind, attempts: details?.attempts }, (err as Error).message);
  }

  async function store(page: FetchedPage): Promise<EvidenceRef> {
    const [sha256, screenshotSha256] = await Promise.all([
      deps.evidence.put(page.body, 'html'),
      page.screenshot ? deps.evidence.put(page.screenshot, 'png') : Promise.resolve(null),
    ]);
    return {
      sha256,
      finalUrl: page.finalUrl,
      status: page.status,
      headers: page.headers,
      fetchedAt: page.fetchedAt,
      screenshotSha256,
    };
  }

  async function handOver(drafts: ListingDraft[], page: FetchedPage): Promise<void> {
    if (drafts.length === 0) return;
    const evidence = await store(page);
    for (const draft of drafts) {
      seen.add(draft.externalId);
      await sink.listing({ sourceId: source.id, ...draft, contentHash: listingContentHash(draft), evidence });
    }
  }

  async function visit(task: CrawlTask): Promise<void> {
    try {
      await session.checkAddress(task.url);
    } catch (err) {
      recordFailure(task, err);
      return;
    }
    const verdict = await session.robots(task.url);
    if (deps.signal?.aborted) return;
    if (verdict.unreachable !== undefined) {
      // The host is down or failing: counted once as an error of its kind, its pages are not crawled.
      if (!robotsFailures.has(verdict.unreachable)) {
        robotsFailures.add(verdict.unreachable);
        recordFailure({ url: new URL('/robots.txt', task.url).href, role: 'list' }, verdict.unreachable);
      }
      complete = false;
      return;
    }
    if (!verdict.allowed) {
      stats.robotsSkipped++;
      dispatched--;
      // A disallowed detail page is still an ad on the list page (its id stays seen); a disallowed
      // list page hides its ads from us.
      if (!kind.idFromUrl(task)) complete = false;
      log.debug({ url: task.url }, 'disallowed by robots.txt');
      return;
    }
    let page: FetchedPage;
    try {
      page = await session.fetch(task.url, kind.conditional(task));
    } catch (err) {
      if (deps.signal?.aborted) return;
      recordFailure(task, err);
      return;
    }
    stats.pagesFetched++;
    if (page.notModified) {
      stats.notModified++;
      const id = kind.idFromUrl(task);
      if (id) await sink.unchanged(id);
      return;
    }
    const extraction = kind.extract(page, task);
    if (extraction.problem) recordFailure(task, crawlError('parse', task.url, extraction.problem));
    for (const id of extraction.seenIds) seen.add(id);
    for (const link of extraction.links) enqueue(link);
    await handOver(extraction.listings, page);
  }

  for (const url of source.startUrls) enqueue({ url, role: kind.startRole });

  let fatal: unknown = null;
  try {
    await new Promise<void>((resolve) => {
      let active = 0;
      const pump = (): void => {
        while (active < concurrency && head < queue.length && fatal === null && !deps.signal?.aborted) {
          if (dispatched >= source.maxPages) {
            complete = false;
            head = queue.length;
            break;
          }
          const task = queue[head++]!;
          dispatched++;
          active++;
          visit(task)
            .catch((err: unknown) => {
              fatal ??= err;
            })
            .finally(() => {
              active--;
              deps.onProgress?.({
                pagesFetched: stats.pagesFetched,
                maxPages: source.maxPages,
                queued: queue.length - head,
                listings: seen.size,
              });
              pump();
            });
        }
        if (active === 0) resolve();
      };
      pump();
    });
  } finally {
    await session.close();
  }
  if (fatal !== null) throw fatal;
  if (deps.signal?.aborted) complete = false;
  for (const id of dropped) seen.delete(id);
  const startFailed = stats.pagesFetched === 0 && failures.length > 0;
  return {
    stats,
    seenExternalIds: [...seen],
    complete: complete && !startFailed,
    failures,
    error: startFailed
      ? `no page could be fetched: ${failures[0]!.message}`
      : deps.signal?.aborted
        ? 'crawl aborted'
        : null,
  };
}
