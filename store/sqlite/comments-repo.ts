import type { AlertComment } from '../../domain/index.ts';
import { newId } from '../ids.ts';
import type { CommentRepo } from '../types.ts';
import type { SqliteDb } from './database.ts';

/** Migration: analysts' comments on alerts. */
export const commentsMigrationSql = `
CREATE TABLE alert_comments (
  id TEXT PRIMARY KEY,
  alert_id TEXT NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX alert_comments_by_alert ON alert_comments (alert_id, created_at, id);`;

interface CommentRow {
  id: string;
  alert_id: string;
  user_id: string;
  body: string;
  created_at: string;
}

/** Comments in SQLite. */
export function createSqliteCommentRepo(db: SqliteDb): CommentRepo {
  const insert = db.prepare(
    'INSERT INTO alert_comments (id, alert_id, user_id, body, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  const byAlert = db.prepare<[string], CommentRow>(
    'SELECT * FROM alert_comments WHERE alert_id = ? ORDER BY created_at, id',
  );
  return {
    async add(alertId, userId, body, now) {
      const comment: AlertComment = { id: newId(), alertId, userId, body, createdAt: now.toISOString() };
      insert.run(comment.id, alertId, userId, body, comment.createdAt);
      return comment;
    },
    async list(alertId) {
      return byAlert.all(alertId).map((r) => ({
        id: r.id,
        alertId: r.alert_id,
        userId: r.user_id,
        body: r.body,
        createdAt: r.created_at,
      }));
    },
  };
}
