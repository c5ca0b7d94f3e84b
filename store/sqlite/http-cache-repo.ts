import type { HttpCacheRepo, HttpValidators } from '../types.ts';
import type { SqliteDb } from './database.ts';

/** Conditional-GET validators per URL in SQLite. */
export function createSqliteHttpCacheRepo(db: SqliteDb): HttpCacheRepo {
  const get = db.prepare<[string], { etag: string | null; last_modified: string | null }>(
    'SELECT etag, last_modified FROM http_cache WHERE url = ?',
  );
  const set = db.prepare(`
    INSERT INTO http_cache (url, etag, last_modified, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
      updated_at = excluded.updated_at`);

  return {
    async get(url): Promise<HttpValidators | null> {
      const row = get.get(url);
      return row ? { etag: row.etag, lastModified: row.last_modified } : null;
    },
    async set(url, validators, now) {
      set.run(url, validators.etag, validators.lastModified, now.toISOString());
    },
  };
}
