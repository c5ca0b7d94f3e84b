/** Why a request or a page failed; counted per run. */
export type CrawlErrorKind =
  | 'network'
  | 'timeout'
  | 'http_4xx'
  | 'http_5xx'
  | 'too_large'
  | 'redirects'
  | 'blocked_address'
  | 'parse'
  | 'browser'
  | 'other';

export interface CrawlStats {
  pagesFetched: number;
  /** 304 answers to conditional GETs. */
  notModified: number;
  listingsNew: number;
  listingsChanged: number;
  listingsUnchanged: number;
  listingsRemoved: number;
  robotsSkipped: number;
  errors: Partial<Record<CrawlErrorKind, number>>;
}

export type CrawlRunStatus = 'running' | 'succeeded' | 'failed';

/** One crawl of one source. */
export interface CrawlRun {
  id: string;
  sourceId: string;
  status: CrawlRunStatus;
  startedAt: string;
  finishedAt: string | null;
  stats: CrawlStats;
  /** Why the run failed, or the last error worth showing. */
  error: string | null;
}

/** Zeroed stats for a new run. */
export function emptyCrawlStats(): CrawlStats {
  return {
    pagesFetched: 0,
    notModified: 0,
    listingsNew: 0,
    listingsChanged: 0,
    listingsUnchanged: 0,
    listingsRemoved: 0,
    robotsSkipped: 0,
    errors: {},
  };
}

/** Consecutive failed runs after which a source is flagged unhealthy. */
export const UNHEALTHY_AFTER_FAILED_RUNS = 3;

export type SourceHealth = 'unknown' | 'ok' | 'failing' | 'unhealthy';

/**
 * Health from a source's runs, newest first: `failing` after a failed run, `unhealthy` once its last
 * UNHEALTHY_AFTER_FAILED_RUNS finished runs all failed (the site changed, blocks us, or is gone).
 */
export function sourceHealth(runsNewestFirst: CrawlRun[]): SourceHealth {
  const finished = runsNewestFirst.filter((r) => r.status !== 'running');
  if (finished.length === 0) return 'unknown';
  if (finished[0]!.status === 'succeeded') return 'ok';
  const recent = finished.slice(0, UNHEALTHY_AFTER_FAILED_RUNS);
  return recent.length === UNHEALTHY_AFTER_FAILED_RUNS && recent.every((r) => r.status === 'failed')
    ? 'unhealthy'
    : 'failing';
}
