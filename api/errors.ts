import type { Context, ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { randomUUID } from 'node:crypto';
import { AppError, type AppErrorCode, type Logger } from '../domain/index.ts';

/** HTTP status of each expected failure; other codes are internal errors (500). */
export const STATUS_BY_CODE: Partial<Record<AppErrorCode, ContentfulStatusCode>> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  rate_limited: 429,
};

/** Invalid input → AppError('validation') naming each field (`details.fields`, keyed by path) and where it was (`details.in`). */
export function validationError(
  target: string,
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): AppError {
  const fields: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = issue.path.join('.') || '(body)';
    (fields[key] ??= []).push(issue.message);
  }
  return new AppError('validation', 'invalid input', { details: { in: target, fields } });
}

/** The JSON body of every error answer. */
export function errorBody(code: string, message: string, details?: unknown) {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

/**
 * Maps errors to clear JSON answers: AppError codes to 400/401/403/404/409/429/503 (429 with
 * Retry-After), Hono's own
 * HTTP errors (malformed JSON, body too large, CSRF) to their status; anything else is logged with
 * an id and answered as a bare 500 carrying that id, never the message or stack.
 */
export function createErrorHandler(logger: Logger): ErrorHandler {
  return (err: Error, c: Context) => {
    const status = err instanceof AppError ? STATUS_BY_CODE[err.code] : undefined;
    if (err instanceof AppError && status) {
      const retryAfter = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
      if (typeof retryAfter === 'number') c.header('retry-after', String(retryAfter));
      return c.json(errorBody(err.code, err.message, err.details), status);
    }
    if (err instanceof HTTPException && err.status < 500) {
      const message = err.message || (err.status === 403 ? 'cross-site request refused' : 'bad request');
      return c.json(errorBody('http', message), err.status as ContentfulStatusCode);
    }
    const errorId = randomUUID();
    logger.error({ err, errorId, method: c.req.method, path: c.req.path }, 'request failed');
    return c.json(errorBody('internal', 'internal error', { errorId }), 500);
  };
}
