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
