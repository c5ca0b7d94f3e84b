import { MongoClient } from 'mongodb';
import { AppError } from '../../domain/errors.ts';
import type { Store } from '../types.ts';
import { createMongoActorRepo, ensureMongoActorIndexes } from './actors-repo.ts';
import { createMongoAlertRepo, ensureMongoAlertIndexes } from './alerts-repo.ts';
import { createMongoAuditRepo, ensureMongoAuditIndexes } from './audit-repo.ts';
import { createMongoCommentRepo, ensureMongoCommentIndexes } from './comments-repo.ts';
import { createMongoGroupRepo, ensureMongoGroupIndexes } from './groups-repo.ts';
import { createMongoSessionRepo, ensureMongoSessionIndexes } from './sessions-repo.ts';
import { createMongoUserRepo, ensureMongoUserIndexes } from './users-repo.ts';
import { createMongoHttpCacheRepo } from './http-cache-repo.ts';
import { createMongoListingRepo, ensureMongoListingIndexes } from './listings-repo.ts';
import { createMongoRunRepo, ensureMongoRunIndexes } from './runs-repo.ts';
import { createMongoSourceStateRepo } from './source-states-repo.ts';

/** The URL without its password, safe for logs and error messages. */
export function redactMongoUrl(url: string): string {
  return url.replace(/(mongodb(?:\+srv)?:\/\/[^:@/\s]*):[^@/\s]*@/g, '$1:***@');
}

/**
 * Connects to MongoDB, creates the indexes every repository relies on (idempotent), and returns
 * the store. An unreachable server gives AppError('unavailable', retryable) within a few seconds.
 */
export async function openMongoStore(url: string, database: string): Promise<Store> {
  let client: MongoClient;
  try {
    client = new MongoClient(url, { serverSelectionTimeoutMS: 5000, appName: 'vigie' });
  } catch (cause) {
    throw new AppError('config', `invalid MongoDB URL ${redactMongoUrl(url)}: ${(cause as Error).message}`, {
      cause,
    });
  }
  try {
    await client.connect();
    const db = client.db(database);
    await ensureMongoListingIndexes(db);
    await ensureMongoRunIndexes(db);
    await ensureMongoAlertIndexes(db);
    for (const ensure of [
      ensureMongoUserIndexes,
      ensureMongoSessionIndexes,
      ensureMongoAuditIndexes,
      ensureMongoCommentIndexes,
      ensureMongoActorIndexes,
      ensureMongoGroupIndexes,
    ]) {
      await ensure(db);
    }
    return {
      kind: 'mongodb',
      listings: createMongoListingRepo(db),
      runs: createMongoRunRepo(db),
      sourceStates: createMongoSourceStateRepo(db),
      httpCache: createMongoHttpCacheRepo(db),
      alerts: createMongoAlertRepo(db),
      users: createMongoUserRepo(db),
      sessions: createMongoSessionRepo(db),
      audit: createMongoAuditRepo(db),
      comments: createMongoCommentRepo(db),
      actors: createMongoActorRepo(db),
      groups: createMongoGroupRepo(db),
      async close() {
        await client.close();
      },
    };
  } catch (cause) {
    await client.close().catch(() => undefined);
    throw new AppError(
      'unavailable',
      redactMongoUrl(
        `cannot open the MongoDB store at ${url} (database "${database}"): ${(cause as Error).message}`,
      ),
      { cause, retryable: true },
    );
  }
}
