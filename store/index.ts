import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from '../config/schema.ts';
import { AppError } from '../domain/errors.ts';
import { openMongoStore } from './mongo/index.ts';
import { openSqliteStore } from './sqlite/index.ts';
import type { Store } from './types.ts';

/**
 * Opens the configured store: SQLite at `store.path`, or `${dataDir}/vigie.db` (its directory is
 * created), or MongoDB at `store.url`.
 */
export async function openStore(config: Config['store'], dataDir: string): Promise<Store> {
  if (config.kind === 'mongodb') return openMongoStore(config.url, config.database);
  const path = config.path ?? join(dataDir, 'vigie.db');
  if (path !== ':memory:') {
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (cause) {
      throw new AppError('unavailable', `cannot create the directory of the SQLite database ${path}`, {
        cause,
      });
    }
  }
  return openSqliteStore(path);
}
