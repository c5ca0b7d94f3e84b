import type {
  Alert,
  AlertCandidate,
  AlertStatus,
  CrawlRun,
  CrawlRunStatus,
  CrawlStats,
  Contact,
  Listing,
  ListingVersion,
  ScrapedListing,
  SignalLabel,
  User,
  Role,
  Session,
  AuditEntry,
  AlertHistoryEntry,
  AlertComment,
  Actor,
  ListingGroup,
  DismissReason,
} from '../domain/index.ts';

import type { AlertSort } from './alert-cursor.ts';

export type { AlertSort } from './alert-cursor.ts';

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
  substance?: string;
  commune?: string;
  /** On the higher of the two scores. */
  minScore?: number;
  maxScore?: number;
  /** createdAt range, ISO times, inclusive. */
  createdFrom?: string;
  createdTo?: string;
  /** A user id, or null for unassigned alerts. */
  assignee?: string | null;
  tag?: string;
  /** Full-text search over the listings' titles and texts. */
  query?: string;
  /** Only one alert per group of reposts (the first one). */
  hideDuplicates?: boolean;
  groupId?: string;
  listingIds?: string[];
}

/** What a triage action may change on an alert. */
export interface AlertPatch {
  status?: AlertStatus;
  assignee?: string | null;
  tags?: string[];
  dismissReason?: DismissReason | null;
}

/** Who made a change and why, for the alert's history. */
export interface ChangeMeta {
  userId: string | null;
  note?: string | null;
  now: Date;
}

/** An analyst's verdict on an alert, for retraining the classifier. */
export interface AlertVerdict {
  alertId: string;
  listingId: string;
  title: string;
  text: string;
  /** Confirmed (and later states): the alert's labels; dismissed: empty (a negative example). */
  labels: SignalLabel[];
  verdict: 'confirmed' | 'dismissed';
  dismissReason: DismissReason | null;
  decidedAt: string;
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
  /** Newest first by default; `sort: 'priority'` puts the highest priority first (newest among equals). */
  list(
    filter: AlertFilter,
    page: { limit: number; cursor?: string | null; sort?: AlertSort },
  ): Promise<Page<Alert>>;
  count(filter: AlertFilter): Promise<number>;
  /** Counts per status for the same filter (status itself ignored). */
  countByStatus(filter: AlertFilter): Promise<Partial<Record<AlertStatus, number>>>;
  /**
   * Compare-and-set: applies `patch` only while the alert is at `expectedVersion`, bumps the version
   * and records one history entry per changed field. AppError('not_found'), or AppError('conflict')
   * with `details.current` holding the alert as it now is.
   */
  update(id: string, expectedVersion: number, patch: AlertPatch, meta: ChangeMeta): Promise<Alert>;
  /** Oldest first. */
  history(alertId: string): Promise<AlertHistoryEntry[]>;
  /** Appends a history entry that changes no field (comments, escalation notes). */
  note(
    alertId: string,
    field: string,
    meta: ChangeMeta & { from?: unknown; to?: unknown },
  ): Promise<AlertHistoryEntry>;
  /** Every decided alert (confirmed and later, or dismissed) with its listing text, for retraining. */
  verdicts(): Promise<AlertVerdict[]>;
  /**
   * A value that changes whenever anything in the whole store (not only alerts) may have changed,
   * in any process, so reads can be cached until it moves; null when the adapter cannot tell
   * cheaply (no caching then).
   */
  changeStamp(): Promise<string | null>;
  /** changeStamp without a promise, for adapters that can read it synchronously (SQLite); absent otherwise. */
  changeStampNow?(): string | null;
}

export interface CommentRepo {
  add(alertId: string, userId: string, body: string, now: Date): Promise<AlertComment>;
  /** Oldest first. */
  list(alertId: string): Promise<AlertComment[]>;
}

export interface ActorRepo {
  /**
   * Links a listing to the actor owning any of its normalised contacts: a new actor when none
   * does, the oldest one when several do (the others merge into it). Null when there are no contacts.
   */
  link(listingId: string, contacts: Contact[], now: Date): Promise<Actor | null>;
  get(id: string): Promise<Actor | null>;
  getByListing(listingId: string): Promise<Actor | null>;
  /** Most recently seen first. */
  list(page: { limit: number; cursor?: string | null }): Promise<Page<Actor>>;
}

export interface GroupRepo {
  /**
   * Puts a listing into the group of its near-duplicates (SimHash of the normalised text, Hamming
   * distance ≤ 3), or a new group of its own. Re-assigning the same listing keeps its group.
   */
  assign(listingId: string, text: string, now: Date): Promise<ListingGroup>;
  get(id: string): Promise<ListingGroup | null>;
  getByListing(listingId: string): Promise<ListingGroup | null>;
}

export interface NewUser {
  username: string;
  role: Role;
  passwordHash: string;
}

export interface UserRepo {
  /** Creates a user; AppError('conflict') when the username is taken. */
  create(input: NewUser, now: Date): Promise<User>;
  get(id: string): Promise<User | null>;
  getByUsername(username: string): Promise<User | null>;
  /** Oldest first. */
  list(): Promise<User[]>;
  update(id: string, patch: Partial<Pick<User, 'role' | 'disabled' | 'passwordHash'>>): Promise<User | null>;
  count(): Promise<number>;
}

export interface SessionRepo {
  create(session: Session): Promise<void>;
  get(tokenHash: string): Promise<Session | null>;
  delete(tokenHash: string): Promise<void>;
  deleteByUser(userId: string): Promise<void>;
  /** Drops expired sessions; returns how many. */
  deleteExpired(now: Date): Promise<number>;
}

export interface AuditFilter {
  userId?: string;
  action?: string;
  target?: string;
}

export interface AuditRepo {
  record(entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry>;
  /** Newest first, cursor-paginated. */
  list(filter: AuditFilter, page: { limit: number; cursor?: string | null }): Promise<Page<AuditEntry>>;
}

/** Vigie's persistence, one implementation per database (SQLite embedded, MongoDB distributed). */
export interface Store {
  readonly kind: 'sqlite' | 'mongodb';
  listings: ListingRepo;
  runs: CrawlRunRepo;
  sourceStates: SourceStateRepo;
  httpCache: HttpCacheRepo;
  alerts: AlertRepo;
  users: UserRepo;
  sessions: SessionRepo;
  audit: AuditRepo;
  comments: CommentRepo;
  actors: ActorRepo;
  groups: GroupRepo;
  close(): Promise<void>;
}
