/** Every expected failure in Vigie; `app.onError` and the CLIs map codes to HTTP statuses / exit codes. */
export type AppErrorCode =
  | 'validation'
  | 'not_found'
  | 'conflict'
  | 'unauthorized'
  | 'forbidden'
  | 'config'
  | 'fetch'
  | 'unavailable'
  | 'rate_limited'
  | 'internal';

export interface AppErrorOptions {
  cause?: unknown;
  /** Data the caller may show (field errors, the current state on a conflict…). */
  details?: unknown;
  /** Whether trying the same thing again later can succeed (crawler errors say so). */
  retryable?: boolean;
}

/** The one error type of Vigie. */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly details: unknown;
  readonly retryable: boolean;

  constructor(code: AppErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
    this.retryable = options.retryable ?? false;
  }
}

/** True when `err` is an AppError, optionally of the given code. */
export function isAppError(err: unknown, code?: AppErrorCode): err is AppError {
  return err instanceof AppError && (code === undefined || err.code === code);
}
