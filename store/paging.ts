import { AppError } from '../domain/errors.ts';

/** Position after the last item of a page, for lists ordered by (createdAt desc, id desc). */
export interface CursorPosition {
  createdAt: string;
  id: string;
}

/** Largest page a caller may ask for: bounded so one request cannot read a whole table. */
export const MAX_PAGE_SIZE = 1000;

/** Opaque base64url cursor for a position; callers must not parse it. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.id]), 'utf8').toString('base64url');
}

/**
 * The JSON inside a base64url cursor; anything that is not one (too long, other characters, not
 * JSON) is a validation error with `message`, never a crash.
 */
export function cursorJson(encoded: string, message: string): unknown {
  if (encoded.length > 512 || !/^[A-Za-z0-9_-]+$/.test(encoded)) throw new AppError('validation', message);
  try {
    return JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new AppError('validation', message, { cause });
  }
}

const INVALID_CURSOR = 'invalid cursor: pass back the nextCursor of a previous page';

/** Reads a cursor made by `encodeCursor`; anything else is a validation error, never a crash. */
export function decodeCursor(cursor: string): CursorPosition {
  const parsed = cursorJson(cursor, INVALID_CURSOR);
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    typeof parsed[0] !== 'string' ||
    typeof parsed[1] !== 'string'
  ) {
    throw new AppError('validation', INVALID_CURSOR);
  }
  return { createdAt: parsed[0], id: parsed[1] };
}

/** Checks a requested page size. */
export function checkPageSize(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new AppError('validation', `page size must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${limit}`);
  }
  return limit;
}

/**
 * Words of a free-text query, lower-cased and without diacritics, so both adapters match
 * "cafe" and "café" alike and no query syntax (quotes, operators) ever reaches the database.
 */
export function searchTerms(query: string): string[] {
  return foldText(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0)
    .slice(0, 16);
}

/** Lower case without diacritics (NFD, combining marks removed). */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
