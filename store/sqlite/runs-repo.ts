import { AppError } from '../../domain/errors.ts';
import { emptyCrawlStats, type CrawlRun } from '../../domain/index.ts';
import { newId } from '../ids.ts';
import type { CrawlRunRepo } from '../types.ts';
import type { SqliteDb } from './database.ts';

interface RunRow {
  id: string;
  source_id: string;
  status: CrawlRun['status'];
  started_at: string;
  finished_at: string | null;
  stats: string;
  error: string | null;
}

function toRun(r: RunRow): CrawlRun {
  return {
    id: r.id,
    sourceId: r.source_id,
    status: r.status,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    stats: JSON.parse(r.stats),
    error: r.error,
  };
}

/** Crawl runs in SQLite. */
export function createSqliteRunRepo(db: SqliteDb): CrawlRunRepo {
  const insert = db.prepare(`
    INSERT INTO crawl_runs (id, source_id, status, started_at, finished_at, stats, error)
    VALUES (?, ?, 'running', ?, NULL, ?, NULL)`);
  const finish = db.prepare(
    'UPDATE crawl_runs SET status = ?, stats = ?, error = ?, finished_at = ? WHERE id = ?',
  );
  const byId = db.prepare<[string], RunRow>('SELECT * FROM crawl_runs WHERE id = ?');
  const bySource = db.prepare<[string, number], RunRow>(
    'SELECT * FROM crawl_runs WHERE source_id = ? ORDER BY started_at DESC, id DESC LIMIT ?',
  );

  return {
    async start(sourceId, now) {
      const id = newId();
      insert.run(id, sourceId, now.toISOString(), JSON.stringify(emptyCrawlStats()));
      return toRun(byId.get(id)!);
    },
    async finish(runId, result, now) {
      const changed = finish.run(
        result.status,
        JSON.stringify(result.stats),
        result.error,
        now.toISOString(),
        runId,
      ).changes;
      if (changed === 0) throw new AppError('not_found', `crawl run ${runId} does not exist`);
      return toRun(byId.get(runId)!);
    },
    async get(id) {
      const row = byId.get(id);
      return row ? toRun(row) : null;
    },
    async listBySource(sourceId, limit) {
      if (limit < 1) return [];
      return bySource.all(sourceId, Math.min(limit, 1000)).map(toRun);
    },
  };
}
