import type { Config } from '../config/schema.ts';
import { createInlineQueue } from './inline/index.ts';
import type { JobQueue, QueueOptions } from './types.ts';

export type { CrawlJob, CrawlJobHandler, CrawlReason, JobFailure, JobQueue, QueueOptions } from './types.ts';
export { createInlineQueue, type InlineQueueOptions } from './inline/index.ts';
export { parseDuration } from './schedule.ts';

/**
 * The queue the configuration asks for: in-process by default, BullMQ when a Redis URL is set.
 * BullMQ is loaded only then: its Redis client defines a `class … extends String`, which makes V8's
 * string access slower in the whole process (the classifier's hot loops), and costs start-up time.
 */
export async function createQueue(
  config: Config['queue'],
  deps: QueueOptions & { prefix?: string },
): Promise<JobQueue> {
  if (config.kind === 'bullmq') {
    const { createBullmqQueue } = await import('./bullmq/index.ts');
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
