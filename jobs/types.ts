import type { Source } from '../domain/index.ts';

export type CrawlReason = 'schedule' | 'manual' | 'start';

export interface CrawlJob {
  sourceId: string;
  reason: CrawlReason;
  /** 1 for the first try. */
  attempt: number;
}

/** Runs one crawl job; throws to have the queue retry it (with backoff) until it gives up. */
export type CrawlJobHandler = (job: CrawlJob) => Promise<void>;

/** Job queue: in-process (embedded default) or BullMQ on Redis (distributed). */
export interface JobQueue {
  readonly kind: 'inline' | 'bullmq';
  /** Ask for a crawl now; refused (enqueued: false) while that source already has one queued or running. */
  enqueueCrawl(sourceId: string, reason: CrawlReason): Promise<{ enqueued: boolean }>;
  /** Install the schedules of these sources, replacing earlier ones (removed sources lose theirs). */
  schedule(sources: Source[]): Promise<void>;
  /** Process crawl jobs in this process with `handler`. */
  process(handler: CrawlJobHandler): Promise<void>;
  /** Stop taking jobs, let running ones finish, release connections. */
  close(): Promise<void>;
}
