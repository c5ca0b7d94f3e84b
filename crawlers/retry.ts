import { setTimeout as sleep } from 'node:timers/promises';
import { crawlDetails } from './errors.ts';

export interface RetryOptions {
  /** Retries after the first try. */
  retries: number;
  baseMs: number;
  /** Cap of a server-requested wait and of the backoff. */
  maxWaitMs: number;
  signal?: AbortSignal;
  /** Told before waiting for a server-requested delay, so other requests to the host wait too. */
  onRetryAfter?: (ms: number) => void;
  onRetry?: (attempt: number, err: unknown, waitMs: number) => void;
}

/** Exponential backoff with jitter: base·2^(n-1), scaled by a random factor in [0.5, 1.5). */
export function backoffMs(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** (attempt - 1) * (0.5 + Math.random()));
}

/**
 * Runs `task` until it succeeds, its error is not retryable, or the tries run out. A 429/503
 * `Retry-After` replaces the backoff (capped). The thrown error's details record the tries made.
 */
export async function withRetries<T>(task: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await task(attempt);
    } catch (err) {
      const details = crawlDetails(err);
      const retryable = (err as { retryable?: boolean }).retryable === true;
      if (details) details.attempts = attempt;
      if (!retryable || attempt > opts.retries || opts.signal?.aborted) throw err;
      let waitMs = backoffMs(attempt, opts.baseMs, opts.maxWaitMs);
      if (details?.retryAfterMs !== undefined) {
        waitMs = Math.min(details.retryAfterMs, opts.maxWaitMs);
        opts.onRetryAfter?.(waitMs);
      }
      opts.onRetry?.(attempt, err, waitMs);
      await sleep(waitMs, undefined, { signal: opts.signal }).catch(() => undefined);
    }
  }
}
