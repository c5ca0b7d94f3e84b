import {
  AppError,
  emptyCrawlStats,
  type Classifier,
  type CrawlRun,
  type CrawlStats,
  type Logger,
  type ScrapedListing,
  type SignalLabel,
  type Source,
} from '../domain/index.ts';
import type { CrawlDeps, CrawlProgress, CrawlResult, CrawlSink } from '../crawlers/types.ts';
import type { Listing, ListingVersion } from '../domain/listing.ts';
import { explainPriority } from '../domain/priority.ts';
import type { Store } from '../store/types.ts';
import type { CrawlJob, CrawlJobHandler } from './types.ts';

export type RunCrawl = (source: Source, sink: CrawlSink, deps: CrawlDeps) => Promise<CrawlResult>;

export interface CrawlPipelineDeps {
  store: Store;
  classifier: Classifier;
  runCrawl: RunCrawl;
  crawlDeps: Omit<CrawlDeps, 'onProgress' | 'signal' | 'logger'>;
  /** Looked up at each run, so reloaded sources take effect. */
  getSource: (sourceId: string) => Source | undefined;
  thresholds: { marketThreshold: number; productionThreshold: number };
  logger: Logger;
  now?: () => Date;
}

export interface RunSourceOptions {
  reason?: CrawlJob['reason'];
  onProgress?: (progress: CrawlProgress) => void;
  signal?: AbortSignal;
}

/** A run counts as failed when it fetched nothing and met errors: the site is down or blocking us. */
function runFailed(stats: CrawlStats): boolean {
  const errors = Object.values(stats.errors).reduce((sum, n) => sum + (n ?? 0), 0);
  return stats.pagesFetched === 0 && stats.notModified === 0 && errors > 0;
}

/** What the run record says went wrong: the crawl's own verdict, else error counts and the first failure. */
function runError(result: CrawlResult): string | null {
  if (result.error) return result.error;
  const counts = Object.entries(result.stats.errors).map(([kind, n]) => `${kind}: ${n}`);
  if (counts.length === 0) return null;
  const first = result.failures[0];
  return `errors — ${counts.join(', ')}${first ? `; first: ${first.url}: ${first.message}` : ''}`;
}

/**
 * The crawl → store → classify → alert flow for one source. Crawlers never see the store:
 * this sink decides by content hash what is new or changed, and only that reaches the classifier.
 */
export function createCrawlPipeline(deps: CrawlPipelineDeps) {
  const now = deps.now ?? (() => new Date());
  const { store, classifier, logger } = deps;

  async function classifyVersion(listing: Listing, version: ListingVersion): Promise<boolean> {
    const classification = classifier.classify({ id: listing.id, title: version.title, text: version.text });
    const labels: SignalLabel[] = [];
    if (classification.scores.market >= deps.thresholds.marketThreshold) labels.push('market');
    if (classification.scores.production >= deps.thresholds.productionThreshold) labels.push('production');
    // A listing that once raised an alert keeps it up to date even when it now scores lower.
    if (labels.length === 0 && !(await store.alerts.getByListing(listing.id))) {
      // No alert, but the listing still joins its seller (shared contacts) and its reposts, so an
      // alert on another listing shows it among the actor's listings and the group's copies.
      await store.actors.link(listing.id, classification.contacts, now());
      await store.groups.assign(listing.id, `${listing.title}\n${listing.text}`, now());
      return false;
    }
    const scored = { ...classification, labels };
    await store.alerts.upsertFromCandidate(
      {
        listingId: listing.id,
        sourceId: listing.sourceId,
        listingVersion: version.version,
        title: version.title,
        url: listing.url,
        classification: scored,
        // One listing known so far: the alert page adds the actor's history when it is viewed.
        priority: explainPriority(scored, listing.postedAt, 1, now()).score,
      },
      now(),
    );
    return labels.length > 0;
  }

  /** Crawls one source now and records the run; throws (after recording) when the run failed. */
  async function runSource(sourceId: string, options: RunSourceOptions = {}): Promise<CrawlRun> {
    const source = deps.getSource(sourceId);
    if (!source) throw new AppError('not_found', `unknown source "${sourceId}"`);
    const log = logger.child({ sourceId, reason: options.reason ?? 'manual' });
    const run = await store.runs.start(sourceId, now());
    const counts = { new: 0, changed: 0, unchanged: 0, alerts: 0 };

    const sink: CrawlSink = {
      async listing(scraped: ScrapedListing) {
        const result = await store.listings.upsert(scraped, now());
        counts[result.outcome] += 1;
        if (result.outcome === 'unchanged') return;
        if (await classifyVersion(result.listing, result.version)) counts.alerts += 1;
      },
      async unchanged(externalId: string) {
        await store.listings.touch(sourceId, [externalId], now());
        counts.unchanged += 1;
      },
    };

    log.info({ runId: run.id }, 'crawl started');
    let stats: CrawlStats = emptyCrawlStats();
    let error: string | null = null;
    try {
      const result = await deps.runCrawl(source, sink, {
        ...deps.crawlDeps,
        logger: log,
        onProgress: options.onProgress,
        signal: options.signal,
      });
      stats = result.stats;
      if (result.complete) {
        stats.listingsRemoved = await store.listings.markMissing(
          sourceId,
          result.seenExternalIds,
          source.removeAfterMissedRuns,
          now(),
        );
      }
      error = runError(result);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      stats.errors.other = (stats.errors.other ?? 0) + 1;
    }
    stats.listingsNew = counts.new;
    stats.listingsChanged = counts.changed;
    stats.listingsUnchanged = counts.unchanged;
    const failed = runFailed(stats);
    const finished = await store.runs.finish(
      run.id,
      { status: failed ? 'failed' : 'succeeded', stats, error },
      now(),
    );
    log.info(
      {
        runId: run.id,
        status: finished.status,
        ...counts,
        removed: stats.listingsRemoved,
        pages: stats.pagesFetched,
      },
      'crawl finished',
    );
    if (failed)
      throw new AppError('unavailable', `crawl of ${sourceId} failed: ${error}`, { retryable: true });
    return finished;
  }

  /** The queue's job handler: paused sources only run when asked by hand. */
  const handler: CrawlJobHandler = async (job) => {
    if (job.reason !== 'manual' && (await store.sourceStates.get(job.sourceId))?.paused) {
      logger.info({ sourceId: job.sourceId }, 'source paused: scheduled crawl skipped');
      return;
    }
    await runSource(job.sourceId, { reason: job.reason, signal: job.signal });
  };

  return { runSource, handler };
}

export type CrawlPipeline = ReturnType<typeof createCrawlPipeline>;
