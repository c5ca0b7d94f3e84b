import type { Logger, Source } from '../domain/index.ts';

export type CrawlReason = 'schedule' | 'manual' | 'start';

export interface CrawlJob {
  sourceId: string;
  reason: CrawlReason;
  /** 1 for the first try. */
  attempt: number;
  /** Aborted when the queue gives up waiting for this job on close(); long crawls should stop early. */
  signal?: AbortSignal;
}

/** Runs one crawl job; throws to have the queue retry it (with backoff) until it gives up. */
export type CrawlJobHandler = (job: CrawlJob) => Promise<void>;

/** A crawl job that failed its last try; kept so the API and logs can show it. */
export interface JobFailure {
  sourceId: string;
  reason: CrawlReason;
  /** Tries made, the last one included. */
  attempts: number;
  /** Message of the last error. */
  error: string;
  /** ISO time of the last try's failure. */
  failedAt: string;
}

/** Settings both adapters share; defaults are the production ones. */
export interface QueueOptions {
  logger: Logger;
  /** Tries per job, the first included (default 3). */
  attempts?: number;
  /** Delay before the first retry; doubles on each further retry (default 30 s). */
  backoffMs?: number;
  /** How long close() waits for running jobs before aborting them (default 30 s). */
  closeTimeoutMs?: number;
  /** Called once for every job that failed its last try (after it is logged). */
  onFailed?: (failure: JobFailure) => void;
}

/** Job queue: in-process (embedded default) or BullMQ on Redis (distributed). */
export interface JobQueue {
  readonly kind: 'inline' | 'bullmq';
  /** Ask for a crawl now; refused (enqueued: false) while that source already has one queued or running. */
  enqueueCrawl(sourceId: string, reason: CrawlReason): Promise<{ enqueued: boolean }>;
  /** Install the schedules of these sources, replacing earlier ones (removed sources lose theirs). */
  schedule(sources: Source[]): Promise<void>;
  /** Process crawl jobs in this process with `handler`. */
  process(handler: CrawlJobHandler): Promise<void>;
  /** Jobs that failed their last try, newest first (BullMQ: from Redis, so every process sees them). */
  failures(limit?: number): Promise<JobFailure[]>;
  /** Stop taking jobs, let running ones finish, release connections. */
  close(): Promise<void>;
}
