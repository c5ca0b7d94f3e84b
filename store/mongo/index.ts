import { MongoClient } from 'mongodb';
import { AppError } from '../../domain/errors.ts';
import type { Store } from '../types.ts';
import { createMongoAlertRepo, ensureMongoAlertIndexes } from './alerts-repo.ts';
import { createMongoHttpCacheRepo } from './http-cache-repo.ts';
import { createMongoListingRepo, ensureMongoListingIndexes } from './listings-repo.ts';
import { createMongoRunRepo, ensureMongoRunIndexes } from './runs-repo.ts';
import { createMongoSourceStateRepo } from './source-states-repo.ts';

/** The URL without its password, safe for logs and error messages. */
export function redactMongoUrl(url: string): string {
  return url.replace(/^(mongodb(?:\+srv)?:\/\/[^:@/]*):[^@/]*@/, '$1:***@');
}

/**
 * Connects to MongoDB, creates the indexes every repository relies on (idempotent), and returns
 * the store. An unreachable server gives AppError('unavailable', retryable) within a few seconds.
 */
export async function openMongoStore(url: string, database: string): Promise<Store> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000, appName: 'vigie' });
  try {
    await client.connect();
    const db = client.db(database);
    await ensureMongoListingIndexes(db);
    await ensureMongoRunIndexes(db);
    await ensureMongoAlertIndexes(db);
    return {
      kind: 'mongodb',
      listings: createMongoListingRepo(db),
      runs: createMongoRunRepo(db),
      sourceStates: createMongoSourceStateRepo(db),
      httpCache: createMongoHttpCacheRepo(db),
      alerts: createMongoAlertRepo(db),
      async close() {
        await client.close();
      },
    };
  } catch (cause) {
    await client.close().catch(() => undefined);
    throw new AppError(
      'unavailable',
      `cannot open the MongoDB store at ${redactMongoUrl(url)} (database "${database}"): ${(cause as Error).message}`,
      { cause, retryable: true },
    );
  }
}
