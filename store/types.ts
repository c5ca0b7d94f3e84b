import type {
  Alert,
  AlertCandidate,
  AlertStatus,
  CrawlRun,
  CrawlRunStatus,
  CrawlStats,
  Listing,
  ListingVersion,
  ScrapedListing,
  SignalLabel,
} from '../domain/index.ts';

/** Outcome of storing a scraped listing: only `new` and `changed` go on to the classifier. */
export interface ListingUpsertResult {
  outcome: 'new' | 'changed' | 'unchanged';
  listing: Listing;
  /** The version created (new / changed) or the current one (unchanged). */
  version: ListingVersion;
}

export interface ListingRepo {
  /** Insert or update by (sourceId, externalId); a new version only when the content hash differs. */
  upsert(scraped: ScrapedListing, now: Date): Promise<ListingUpsertResult>;
  /** Mark listings seen without refetching them (e.g. a 304): lastSeenAt, missedRuns = 0. */
  touch(sourceId: string, externalIds: string[], now: Date): Promise<void>;
  /**
   * End of a complete run: active listings of the source not in `seenExternalIds` get missedRuns + 1
   * and become `removed` (removedAt = now) once missedRuns reaches `removeAfter`. Returns how many were removed.
   */
  markMissing(sourceId: string, seenExternalIds: string[], removeAfter: number, now: Date): Promise<number>;
  get(id: string): Promise<Listing | null>;
  getByExternalId(sourceId: string, externalId: string): Promise<Listing | null>;
  versions(listingId: string): Promise<ListingVersion[]>;
  /** Full-text search over listing titles and texts (FTS5 / Mongo text index), best first. */
  search(query: string, limit: number): Promise<Listing[]>;
  count(): Promise<number>;
}

export interface CrawlRunRepo {
  start(sourceId: string, now: Date): Promise<CrawlRun>;
  finish(
    runId: string,
    result: { status: Exclude<CrawlRunStatus, 'running'>; stats: CrawlStats; error: string | null },
    now: Date,
  ): Promise<CrawlRun>;
  get(id: string): Promise<CrawlRun | null>;
  /** Newest first. */
  listBySource(sourceId: string, limit: number): Promise<CrawlRun[]>;
}

/** Operator-controlled state of a source declared in YAML. */
export interface SourceState {
  sourceId: string;
  paused: boolean;
  updatedAt: string;
}

export interface SourceStateRepo {
  get(sourceId: string): Promise<SourceState | null>;
  setPaused(sourceId: string, paused: boolean, now: Date): Promise<SourceState>;
  list(): Promise<SourceState[]>;
}

/** Validators for conditional GET, per URL. */
export interface HttpValidators {
  etag: string | null;
  lastModified: string | null;
}

export interface HttpCacheRepo {
  get(url: string): Promise<HttpValidators | null>;
  set(url: string, validators: HttpValidators, now: Date): Promise<void>;
}

export interface AlertFilter {
  status?: AlertStatus[];
  label?: SignalLabel;
  sourceId?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface AlertRepo {
  /**
   * One alert per listing: creates it, or updates scores/labels from a newer listing version.
   * (The triage issue adds re-opening dismissed alerts whose score rises.)
   */
  upsertFromCandidate(
    candidate: AlertCandidate,
    now: Date,
  ): Promise<{ alert: Alert; outcome: 'created' | 'updated' | 'reopened' | 'unchanged' }>;
  get(id: string): Promise<Alert | null>;
  getByListing(listingId: string): Promise<Alert | null>;
  /** Newest first (createdAt desc, id desc), cursor-paginated. */
  list(filter: AlertFilter, page: { limit: number; cursor?: string | null }): Promise<Page<Alert>>;
  count(filter: AlertFilter): Promise<number>;
}

/** Vigie's persistence, one implementation per database (SQLite embedded, MongoDB distributed). */
export interface Store {
  readonly kind: 'sqlite' | 'mongodb';
  listings: ListingRepo;
  runs: CrawlRunRepo;
  sourceStates: SourceStateRepo;
  httpCache: HttpCacheRepo;
  alerts: AlertRepo;
  close(): Promise<void>;
}
