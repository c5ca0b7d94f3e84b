import Database from 'better-sqlite3';
import { AppError } from '../../domain/errors.ts';
import type { Migration } from './migrations.ts';

export type SqliteDb = Database.Database;
export type SqliteStatement = Database.Statement<unknown[], unknown>;

/**
 * Applies, in order, every migration not yet recorded in the `migrations` table, each in its own
 * transaction with its record, so a failed migration leaves the schema as it was. Each one takes
 * the write lock first (BEGIN IMMEDIATE) and re-checks its record inside: processes starting
 * together on a fresh file apply every migration exactly once.
 */
export function runMigrations(db: SqliteDb, list: readonly Migration[], now: Date = new Date()): string[] {
  const ids = new Set<string>();
  for (const m of list) {
    if (ids.has(m.id)) throw new AppError('internal', `duplicate SQLite migration id "${m.id}"`);
    ids.add(m.id);
  }
  db.exec('CREATE TABLE IF NOT EXISTS migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const isApplied = db.prepare<[string]>('SELECT 1 FROM migrations WHERE id = ?');
  const record = db.prepare('INSERT INTO migrations (id, applied_at) VALUES (?, ?)');
  const apply = db.transaction((m: Migration): boolean => {
    if (isApplied.get(m.id)) return false;
    db.exec(m.sql);
    record.run(m.id, now.toISOString());
    return true;
  });
  const ran: string[] = [];
  for (const m of list) {
    let applied: boolean;
    try {
      applied = apply.immediate(m);
    } catch (cause) {
      throw new AppError('internal', `SQLite migration "${m.id}" failed: ${(cause as Error).message}`, {
        cause,
      });
    }
    if (applied) ran.push(m.id);
  }
  return ran;
}

/**
 * Opens (or creates) the database file with the settings every repository relies on:
 * WAL (readers never block the writer), foreign keys enforced, and a busy timeout so a second
 * process waits for the lock instead of failing at once.
 */
export function openDatabase(path: string): SqliteDb {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
