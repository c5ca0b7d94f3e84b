import { Cron } from 'croner';
import { AppError, type Source } from '../../domain/index.ts';
import { assertSourceId, retryDelay, triggersOf } from '../schedule.ts';
import type { CrawlJob, CrawlJobHandler, CrawlReason, JobFailure, JobQueue, QueueOptions } from '../types.ts';

export interface InlineQueueOptions extends QueueOptions {
  /** Crawl jobs run at once across all sources (default 4). */
  concurrency?: number;
  /** Final failures kept in memory for failures() (default 100). */
  keepFailures?: number;
}

interface Running {
  done: Promise<void>;
  controller: AbortController;
}

/** In-process queue: croner schedules, one run per source at a time, retries with exponential backoff. */
export function createInlineQueue(options: InlineQueueOptions): JobQueue {
  const logger = options.logger.child({ queue: 'inline' });
  const attempts = options.attempts ?? 3;
  const backoffMs = options.backoffMs ?? 30_000;
  const closeTimeoutMs = options.closeTimeoutMs ?? 30_000;
  const concurrency = options.concurrency ?? 4;
  const keepFailures = options.keepFailures ?? 100;

  // A source is in `busy` from the moment a job is accepted until it succeeds or finally fails,
  // retry waits included: that is what makes a second request for it refused.
  const busy = new Set<string>();
  const waiting: CrawlJob[] = [];
  const running = new Map<string, Running>();
  const retryTimers = new Set<NodeJS.Timeout>();
  const failures: JobFailure[] = [];
  let crons: Cron[] = [];
  let handler: CrawlJobHandler | undefined;
  let closed = false;

  function accept(sourceId: string, reason: CrawlReason): boolean {
    if (closed || busy.has(sourceId)) return false;
    busy.add(sourceId);
    waiting.push({ sourceId, reason, attempt: 1 });
    pump();
    return true;
  }

  function pump(): void {
    while (handler && !closed && running.size < concurrency) {
      const job = waiting.shift();
      if (!job) return;
      start(handler, job);
    }
  }

  function start(run: CrawlJobHandler, job: CrawlJob): void {
    const controller = new AbortController();
    // Through a promise so that a handler throwing synchronously is retried like any other.
    const done = Promise.resolve({ ...job, signal: controller.signal })
      .then(run)
      .then(
        () => {
          busy.delete(job.sourceId);
          logger.debug(
            { sourceId: job.sourceId, reason: job.reason, attempt: job.attempt },
            'crawl job done',
          );
        },
        (err: unknown) => failed(job, err),
      );
    running.set(job.sourceId, { done, controller });
    void done.finally(() => {
      running.delete(job.sourceId);
      pump();
    });
  }

  function failed(job: CrawlJob, err: unknown): void {
    const error = err instanceof Error ? err.message : String(err);
    const context = { sourceId: job.sourceId, reason: job.reason, attempt: job.attempt, err };
    if (job.attempt < attempts && !closed) {
      const delayMs = retryDelay(job.attempt, backoffMs);
      logger.warn({ ...context, retryInMs: delayMs }, 'crawl job failed, will retry');
      const timer = setTimeout(() => {
        retryTimers.delete(timer);
        waiting.push({ sourceId: job.sourceId, reason: job.reason, attempt: job.attempt + 1 });
        pump();
      }, delayMs);
      retryTimers.add(timer);
      return;
    }
    busy.delete(job.sourceId);
    const failure: JobFailure = {
      sourceId: job.sourceId,
      reason: job.reason,
      attempts: job.attempt,
      error,
      failedAt: new Date().toISOString(),
    };
    failures.unshift(failure);
    failures.length = Math.min(failures.length, keepFailures);
    logger.error(context, closed ? 'crawl job failed while closing' : 'crawl job failed for good');
    options.onFailed?.(failure);
  }

  function closedError(): AppError {
    return new AppError('unavailable', 'the job queue is closed');
  }

  return {
    kind: 'inline',

    async enqueueCrawl(sourceId, reason) {
      assertSourceId(sourceId);
      if (closed) throw closedError();
      return { enqueued: accept(sourceId, reason) };
    },

    async schedule(sources: Source[]) {
      if (closed) throw closedError();
      const triggers = triggersOf(sources);
      for (const cron of crons) cron.stop();
      crons = [...triggers].map(([sourceId, trigger]) => {
        const tick = () => {
          if (!accept(sourceId, 'schedule'))
            logger.debug({ sourceId }, 'scheduled crawl skipped: one is pending');
        };
        // Croner counts intervals in whole seconds, at least one.
        return 'every' in trigger
          ? new Cron('* * * * * *', { interval: Math.max(1, Math.ceil(trigger.every / 1000)) }, tick)
          : new Cron(trigger.pattern, tick);
      });
      logger.info({ sources: [...triggers.keys()] }, 'crawl schedules installed');
    },

    async process(run) {
      if (closed) throw closedError();
      if (handler) throw new AppError('conflict', 'this queue already has a crawl job handler');
      handler = run;
      pump();
    },

    async failures(limit = 50) {
      return failures.slice(0, limit);
    },

    async close() {
      if (closed) return;
      closed = true;
      for (const cron of crons) cron.stop();
      crons = [];
      for (const timer of retryTimers) clearTimeout(timer);
      retryTimers.clear();
      for (const job of waiting.splice(0)) busy.delete(job.sourceId);
      const jobs = [...running.values()];
      if (jobs.length === 0) return;
      logger.info({ running: [...running.keys()] }, 'waiting for running crawl jobs');
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        Promise.all(jobs.map((job) => job.done)).then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), closeTimeoutMs))),
      ]);
      clearTimeout(timer);
      if (timedOut) {
        logger.warn(
          { running: [...running.keys()], closeTimeoutMs },
          'crawl jobs still running at close: aborted',
        );
        for (const job of jobs) job.controller.abort(closedError());
      }
    },
  };
}
