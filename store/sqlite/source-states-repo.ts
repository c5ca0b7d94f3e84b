import type { SourceState, SourceStateRepo } from '../types.ts';
import type { SqliteDb } from './database.ts';

interface StateRow {
  source_id: string;
  paused: number;
  updated_at: string;
}

function toState(r: StateRow): SourceState {
  return { sourceId: r.source_id, paused: r.paused === 1, updatedAt: r.updated_at };
}

/** Operator state of sources (paused or not) in SQLite. */
export function createSqliteSourceStateRepo(db: SqliteDb): SourceStateRepo {
  const get = db.prepare<[string], StateRow>('SELECT * FROM source_states WHERE source_id = ?');
  const set = db.prepare<[string, number, string], StateRow>(`
    INSERT INTO source_states (source_id, paused, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (source_id) DO UPDATE SET paused = excluded.paused, updated_at = excluded.updated_at
    RETURNING *`);
  const list = db.prepare<[], StateRow>('SELECT * FROM source_states ORDER BY source_id');

  return {
    async get(sourceId) {
      const row = get.get(sourceId);
      return row ? toState(row) : null;
    },
    async setPaused(sourceId, paused, now) {
      return toState(set.get(sourceId, paused ? 1 : 0, now.toISOString())!);
    },
    async list() {
      return list.all().map(toState);
    },
  };
}
