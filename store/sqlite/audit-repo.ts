import { newId } from '../ids.ts';
import type { SqliteDb } from './database.ts';
import type { AuditEntry } from '../../domain/index.ts';
import type { AuditRepo } from '../types.ts';
import { decodeCursor, encodeCursor } from '../paging.ts';

/** Migration: the audit log (append-only). */
export const auditMigrationSql = `
CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,
  user_id TEXT,
  action TEXT NOT NULL,
  target TEXT,
  details TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX audit_at ON audit_log (at DESC, id DESC);
CREATE INDEX audit_target ON audit_log (target, at DESC);`;

interface AuditRow {
  id: string;
  user_id: string | null;
  action: string;
  target: string | null;
  details: string;
  at: string;
}

const toEntry = (r: AuditRow): AuditEntry => ({
  id: r.id,
  userId: r.user_id,
  action: r.action,
  target: r.target,
  details: JSON.parse(r.details) as Record<string, unknown>,
  at: r.at,
});

/** The audit log in SQLite. */
export function createSqliteAuditRepo(db: SqliteDb): AuditRepo {
  return {
    async record(entry) {
      const full: AuditEntry = { id: newId(), ...entry };
      db.prepare(
        'INSERT INTO audit_log (id, user_id, action, target, details, at) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(full.id, full.userId, full.action, full.target, JSON.stringify(full.details), full.at);
      return full;
    },
    async list(filter, page) {
      const where: string[] = [];
      const values: unknown[] = [];
      if (filter.userId !== undefined) {
        where.push('user_id = ?');
        values.push(filter.userId);
      }
      if (filter.action !== undefined) {
        where.push('action = ?');
        values.push(filter.action);
      }
      if (filter.target !== undefined) {
        where.push('target = ?');
        values.push(filter.target);
      }
      const cursor = page.cursor ? decodeCursor(page.cursor) : null;
      if (cursor) {
        where.push('(at < ? OR (at = ? AND id < ?))');
        values.push(cursor.createdAt, cursor.createdAt, cursor.id);
      }
      const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT ?`;
      const rows = db.prepare<unknown[], AuditRow>(sql).all(...values, page.limit + 1);
      const items = rows.slice(0, page.limit).map(toEntry);
      const last = items[items.length - 1];
      return {
        items,
        nextCursor:
          rows.length > page.limit && last ? encodeCursor({ createdAt: last.at, id: last.id }) : null,
      };
    },
  };
}
