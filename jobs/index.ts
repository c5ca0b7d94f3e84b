import type { Config } from '../config/schema.ts';
import { createBullmqQueue } from './bullmq/index.ts';
import { createInlineQueue } from './inline/index.ts';
import type { JobQueue, QueueOptions } from './types.ts';

export type { CrawlJob, CrawlJobHandler, CrawlReason, JobFailure, JobQueue, QueueOptions } from './types.ts';
export { createBullmqQueue, type BullmqQueueOptions } from './bullmq/index.ts';
export { createInlineQueue, type InlineQueueOptions } from './inline/index.ts';
export { parseDuration } from './schedule.ts';

/** The queue the configuration asks for: in-process by default, BullMQ when a Redis URL is set. */
export function createQueue(config: Config['queue'], deps: QueueOptions & { prefix?: string }): JobQueue {
  if (config.kind === 'bullmq') {
    return createBullmqQueue({ ...deps, redisUrl: config.redisUrl, concurrency: config.concurrency });
  }
  return createInlineQueue(deps);
}

/**
 * Whether `vigie serve` runs crawl jobs itself: yes in-process, no with BullMQ (`vigie worker`
 * processes do, on this or other machines).
 */
export function servesJobsInProcess(queue: JobQueue): boolean {
  return queue.kind === 'inline';
}
