import { MongoError } from 'mongodb';

/** True for a unique-index violation (E11000): another writer got there first. */
export function isDuplicateKey(err: unknown): boolean {
  return err instanceof MongoError && err.code === 11000;
}

/** How many times an optimistic write is retried after losing a race before giving up. */
export const MAX_RACE_RETRIES = 5;
