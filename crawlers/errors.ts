import { AppError, type CrawlErrorKind } from '../domain/index.ts';

/** What a crawl error carries besides its message. */
export interface CrawlErrorDetails {
  kind: CrawlErrorKind;
  url: string;
  status?: number;
  /** Server-requested wait before the next try (429/503 `Retry-After`), in ms. */
  retryAfterMs?: number;
  /** Tries made before giving up (set by the retry loop). */
  attempts?: number;
}

/** A fetch/extraction failure, saying which kind it is (for the run's stats) and whether a retry can help. */
export function crawlError(
  kind: CrawlErrorKind,
  url: string,
  message: string,
  options: { retryable?: boolean; cause?: unknown; status?: number; retryAfterMs?: number } = {},
): AppError {
  const details: CrawlErrorDetails = { kind, url };
  if (options.status !== undefined) details.status = options.status;
  if (options.retryAfterMs !== undefined) details.retryAfterMs = options.retryAfterMs;
  return new AppError('fetch', `${message} (${url})`, {
    cause: options.cause,
    retryable: options.retryable ?? false,
    details,
  });
}

/** The crawl details of an error, or null when it is not a crawl error. */
export function crawlDetails(err: unknown): CrawlErrorDetails | null {
  if (
    err instanceof AppError &&
    err.code === 'fetch' &&
    typeof err.details === 'object' &&
    err.details !== null
  ) {
    return err.details as CrawlErrorDetails;
  }
  return null;
}

/** The stats bucket an error falls in. */
export function crawlErrorKind(err: unknown): CrawlErrorKind {
  return crawlDetails(err)?.kind ?? 'other';
}

/** An abort requested by the caller (deps.signal): stops the run, never retried. */
export function abortedError(url: string): AppError {
  return crawlError('other', url, 'crawl aborted');
}
