import { randomUUID } from 'node:crypto';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { AppError, type Logger, type Source } from '../../domain/index.ts';
import { assertSourceId, triggersOf } from '../schedule.ts';
import type { CrawlJobHandler, CrawlReason, JobFailure, JobQueue, QueueOptions } from '../types.ts';
import { createSourceLock } from './source-lock.ts';

export interface BullmqQueueOptions extends QueueOptions {
  /** `redis://` or `rediss://` URL. */
  redisUrl: string;
  /** Crawl jobs this process runs at once (different sources only). */
  concurrency: number;
  /** Redis key prefix, so several Vigie instances (or tests) share one Redis (default "vigie"). */
  prefix?: string;
  /** A source's run lock expires this long after its worker stops renewing it (default 60 s). */
  lockTtlMs?: number;
  /** Completed / failed jobs kept in Redis (defaults 100 / 500). */
  keepCompleted?: number;
  keepFailed?: number;
  /** How long an operation waits for an unreachable Redis before failing as `unavailable` (default 10 s). */
  connectTimeoutMs?: number;
}

interface CrawlJobData {
  sourceId: string;
  reason: CrawlReason;
}

const QUEUE_NAME = 'crawl';
const JOB_NAME = 'crawl';
const schedulerId = (sourceId: string) => `crawl-${sourceId}`;

/** BullMQ queue on Redis: Job Schedulers, deduplicated manual jobs, one run per source across all workers. */
export function createBullmqQueue(options: BullmqQueueOptions): JobQueue {
  const logger = options.logger.child({ queue: 'bullmq' });
  const prefix = options.prefix ?? 'vigie';
  const closeTimeoutMs = options.closeTimeoutMs ?? 30_000;
  const jobOptions = {
    attempts: options.attempts ?? 3,
    backoff: { type: 'exponential', delay: options.backoffMs ?? 30_000 },
    removeOnComplete: { count: options.keepCompleted ?? 100 },
    removeOnFail: { count: options.keepFailed ?? 500 },
  };
  // The producer keeps ioredis' bounded command retries (ensureReady() fails fast before them);
  // only the worker's connection must wait for Redis forever, as BullMQ requires.
  const queue = new Queue<CrawlJobData>(QUEUE_NAME, {
    connection: { url: options.redisUrl },
    prefix,
    defaultJobOptions: jobOptions,
  });
  const redisError = throttledErrorLog(logger, redactUrl(options.redisUrl));
  queue.on('error', redisError);
  // A few retries only: a lock call that cannot reach Redis fails the job, and BullMQ retries it later.
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 2 });
  redis.on('error', redisError);
  const lock = createSourceLock(
    redis,
    `${prefix}:${QUEUE_NAME}:source-lock`,
    options.lockTtlMs ?? 60_000,
    (sourceId) =>
      logger.warn({ sourceId }, 'lost the run lock of a running crawl; another worker may start it'),
  );
  const running = new Set<AbortController>();
  let worker: Worker<CrawlJobData> | undefined;
  let closed = false;
  let hasHandler = false;
  let ready: Promise<void> | undefined;

  /** Fails fast with a clear error instead of hanging while Redis does not answer. */
  function ensureReady(): Promise<void> {
    if (closed) return Promise.reject(closedError());
    ready ??= withTimeout(
      Promise.all([queue.waitUntilReady(), redis.status === 'ready' ? undefined : onceReady(redis)]).then(
        () => {},
      ),
      options.connectTimeoutMs ?? 10_000,
      () => new AppError('unavailable', `Redis at ${redactUrl(options.redisUrl)} does not answer`),
    ).catch((err: unknown) => {
      ready = undefined;
      throw err;
    });
    return ready;
  }

  function closedError(): AppError {
    return new AppError('unavailable', 'the job queue is closed');
  }

  async function runJob(handler: CrawlJobHandler, job: Job<CrawlJobData>): Promise<void> {
    const { sourceId, reason } = job.data;
    const attempt = job.attemptsMade + 1;
    const lease = await lock.acquire(sourceId);
    if (!lease) {
      // A scheduled tick (or a manual job) met a run already going on elsewhere: that run covers it.
      logger.info({ sourceId, reason, jobId: job.id }, 'crawl skipped: this source is already running');
      return;
    }
    const controller = new AbortController();
    running.add(controller);
    try {
      await handler({ sourceId, reason, attempt, signal: controller.signal });
    } finally {
      running.delete(controller);
      await lease
        .release()
        .catch((err: unknown) => logger.warn({ err, sourceId }, 'could not release run lock'));
    }
  }

  function onFailed(job: Job<CrawlJobData> | undefined, err: Error): void {
    if (!job) return;
    const context = { sourceId: job.data.sourceId, reason: job.data.reason, attempt: job.attemptsMade, err };
    // BullMQ emits `failed` on every try; only the last one has a finishedOn.
    if (!job.finishedOn) {
      logger.warn(context, 'crawl job failed, will retry');
      return;
    }
    logger.error(context, 'crawl job failed for good');
    options.onFailed?.(toFailure(job));
  }

  return {
    kind: 'bullmq',

    async enqueueCrawl(sourceId, reason) {
      assertSourceId(sourceId);
      await ensureReady();
      if (await lock.isHeld(sourceId)) return { enqueued: false };
      // The deduplication key lives until the job completes or finally fails (retry waits included);
      // a refused add returns the job already there, hence the id comparison.
      const jobId = `${reason}-${sourceId}-${randomUUID()}`;
      const job = await queue.add(JOB_NAME, { sourceId, reason }, { jobId, deduplication: { id: sourceId } });
      return { enqueued: job.id === jobId };
    },

    async schedule(sources: Source[]) {
      const triggers = triggersOf(sources);
      await ensureReady();
      for (const [sourceId, trigger] of triggers) {
        await queue.upsertJobScheduler(schedulerId(sourceId), trigger, {
          name: JOB_NAME,
          data: { sourceId, reason: 'schedule' },
          opts: jobOptions,
        });
      }
      const wanted = new Set([...triggers.keys()].map(schedulerId));
      for (const scheduler of await queue.getJobSchedulers(0, -1)) {
        if (!wanted.has(scheduler.key)) await queue.removeJobScheduler(scheduler.key);
      }
      logger.info({ sources: [...triggers.keys()] }, 'crawl schedules installed');
    },

    async process(handler) {
      if (hasHandler) throw new AppError('conflict', 'this queue already has a crawl job handler');
      hasHandler = true;
      await ensureReady().catch((err: unknown) => {
        hasHandler = false;
        throw err;
      });
      worker = new Worker<CrawlJobData>(QUEUE_NAME, (job) => runJob(handler, job), {
        connection: { url: options.redisUrl, maxRetriesPerRequest: null },
        prefix,
        concurrency: options.concurrency,
      });
      worker.on('failed', onFailed);
      worker.on('error', redisError);
    },

    async failures(limit = 50) {
      await ensureReady();
      const jobs = await queue.getFailed(0, limit - 1);
      return jobs.map((job) => toFailure(job as Job<CrawlJobData>));
    },

    async close() {
      if (closed) return;
      closed = true;
      if (worker && (await timesOut(worker.close(), closeTimeoutMs))) {
        logger.warn({ running: running.size, closeTimeoutMs }, 'crawl jobs still running at close: aborted');
        for (const controller of running) controller.abort(closedError());
        // A handler that ignores the abort is left behind; BullMQ hands its job to another worker once stalled.
        await timesOut(worker.close(), 1000);
      }
      await queue.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

const TIMED_OUT = Symbol('timed out');

/** True when `work` did not settle within `ms`. */
function timesOut(work: Promise<unknown>, ms: number): Promise<boolean> {
  return withTimeout(
    work.then(() => false),
    ms,
    () => TIMED_OUT,
  ).catch((err: unknown) => {
    if (err === TIMED_OUT) return true;
    throw err;
  });
}

function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => unknown): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(onTimeout()), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function onceReady(redis: Redis): Promise<void> {
  return new Promise((resolve) => redis.once('ready', () => resolve()));
}

/** The URL without its password, for messages and logs. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis (unparsable URL)';
  }
}

/** Logs a Redis error once per message and minute: an outage otherwise logs every reconnect. */
function throttledErrorLog(logger: Logger, where: string): (err: Error) => void {
  const last = new Map<string, number>();
  return (err) => {
    const now = Date.now();
    if (now - (last.get(err.message) ?? 0) < 60_000) return;
    last.set(err.message, now);
    logger.error({ err, redis: where }, 'redis error');
  };
}

function toFailure(job: Job<CrawlJobData>): JobFailure {
  return {
    sourceId: job.data.sourceId,
    reason: job.data.reason,
    attempts: job.attemptsMade,
    error: job.failedReason,
    failedAt: new Date(job.finishedOn ?? job.timestamp).toISOString(),
  };
}
