import type { CrawlErrorKind, CrawlStats, Logger, ScrapedListing } from '../domain/index.ts';

/** Where a crawl hands what it finds; crawlers never touch the store themselves. */
export interface CrawlSink {
  /** A listing extracted from a page (new, changed or not: the sink decides by content hash). */
  listing(scraped: ScrapedListing): Promise<void>;
  /** A listing known unchanged without extracting it again (its detail page answered 304). */
  unchanged(externalId: string): Promise<void>;
}

/** Raw bytes kept as evidence, addressed by SHA-256. */
export interface EvidenceStore {
  /** Stores `body` (gzip on disk) and returns its SHA-256 hex; storing the same bytes twice is a no-op. */
  put(body: Uint8Array, kind: 'html' | 'png'): Promise<string>;
  /** The original bytes, or null when unknown. */
  get(sha256: string, kind: 'html' | 'png'): Promise<Uint8Array | null>;
}

/** Validators for conditional GET (the store's HttpCacheRepo fits). */
export interface ConditionalCache {
  get(url: string): Promise<{ etag: string | null; lastModified: string | null } | null>;
  set(
    url: string,
    validators: { etag: string | null; lastModified: string | null },
    now: Date,
  ): Promise<void>;
}

export interface CrawlProgress {
  pagesFetched: number;
  maxPages: number;
  queued: number;
  listings: number;
}

export interface CrawlDeps {
  evidence: EvidenceStore;
  cache: ConditionalCache;
  logger: Logger;
  userAgent: string;
  /** Explicit Chromium binary for browser mode (config `crawler.chromiumPath`). */
  chromiumPath?: string;
  onProgress?: (progress: CrawlProgress) => void;
  signal?: AbortSignal;
}

/** A page the crawl gave up on, and why. */
export interface CrawlFailure {
  url: string;
  kind: CrawlErrorKind;
  message: string;
  /** Tries made (1 + retries when every retry failed). */
  attempts: number;
}

/** What one crawl observed; the caller adds listing outcomes (new/changed/…) from its sink. */
export interface CrawlResult {
  stats: CrawlStats;
  /** External ids of every listing seen on list pages this run (for removal detection). */
  seenExternalIds: string[];
  /** True when every list page was fetched, so absent listings may count as missing. */
  complete: boolean;
  /** The first 50 pages given up on (after retries), with the reason. */
  failures: CrawlFailure[];
  /** Set when the run as a whole failed (no page could be fetched) or was aborted. */
  error: string | null;
}
