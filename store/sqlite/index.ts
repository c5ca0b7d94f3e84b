import { AppError } from '../../domain/errors.ts';
import type { Store } from '../types.ts';
import { createSqliteActorRepo } from './actors-repo.ts';
import { createSqliteAlertRepo } from './alerts-repo.ts';
import { createSqliteAuditRepo } from './audit-repo.ts';
import { createSqliteCommentRepo } from './comments-repo.ts';
import { createSqliteGroupRepo } from './groups-repo.ts';
import { createSqliteSessionRepo } from './sessions-repo.ts';
import { createSqliteUserRepo } from './users-repo.ts';
import { openDatabase, runMigrations, type SqliteDb } from './database.ts';
import { createSqliteHttpCacheRepo } from './http-cache-repo.ts';
import { createSqliteListingRepo } from './listings-repo.ts';
import { migrations } from './migrations.ts';
import { createSqliteRunRepo } from './runs-repo.ts';
import { createSqliteSourceStateRepo } from './source-states-repo.ts';

/**
 * Opens the SQLite store at `path` (created if missing; its directory must exist) and brings its
 * schema up to date. A file that cannot be opened, is not a database or cannot be written gives an
 * AppError('unavailable') naming the path.
 */
export async function openSqliteStore(path: string): Promise<Store> {
  let db: SqliteDb | undefined;
  try {
    db = openDatabase(path);
    runMigrations(db, migrations);
  } catch (cause) {
    db?.close();
    if (cause instanceof AppError) throw cause;
    throw new AppError(
      'unavailable',
      `cannot open the SQLite database at ${path}: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  const open = db;
  return {
    kind: 'sqlite',
    listings: createSqliteListingRepo(open),
    runs: createSqliteRunRepo(open),
    sourceStates: createSqliteSourceStateRepo(open),
    httpCache: createSqliteHttpCacheRepo(open),
    alerts: createSqliteAlertRepo(open),
    users: createSqliteUserRepo(open),
    sessions: createSqliteSessionRepo(open),
    audit: createSqliteAuditRepo(open),
    comments: createSqliteCommentRepo(open),
    actors: createSqliteActorRepo(open),
    groups: createSqliteGroupRepo(open),
    async close() {
      if (open.open) open.close();
    },
  };
}
