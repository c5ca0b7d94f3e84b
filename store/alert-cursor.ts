import { AppError } from '../domain/index.ts';
import { cursorJson, decodeCursor, encodeCursor } from './paging.ts';

/** Orders of the alert queue: newest first, or highest priority first (newest among equals). */
export type AlertSort = 'newest' | 'priority';

/** Where a page of alerts ended, for the next page in the same order. */
export interface AlertPosition {
  priority: number;
  createdAt: string;
  id: string;
}

/** An opaque cursor for the given order (the newest order keeps the store-wide cursor format). */
export function encodeAlertCursor(sort: AlertSort, p: AlertPosition): string {
  if (sort === 'newest') return encodeCursor(p);
  return `p${Buffer.from(JSON.stringify([p.priority, p.createdAt, p.id]), 'utf8').toString('base64url')}`;
}

/** Reads a cursor of `encodeAlertCursor` for this order; anything else is a validation error. */
export function decodeAlertCursor(sort: AlertSort, cursor: string): AlertPosition {
  if (sort === 'newest') return { priority: 0, ...decodeCursor(cursor) };
  const invalid = 'invalid cursor: pass back the nextCursor of a previous page in the same order';
  // The whole cursor is held to the store-wide bound, its `p` marker included.
  if (!cursor.startsWith('p') || cursor.length > 512) throw new AppError('validation', invalid);
  const parsed = cursorJson(cursor.slice(1), invalid);
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    typeof parsed[0] !== 'number' ||
    !Number.isFinite(parsed[0]) ||
    typeof parsed[1] !== 'string' ||
    typeof parsed[2] !== 'string'
  ) {
    throw new AppError('validation', invalid);
  }
  return { priority: parsed[0], createdAt: parsed[1], id: parsed[2] };
}
