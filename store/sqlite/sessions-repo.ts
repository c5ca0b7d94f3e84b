import type { SqliteDb } from './database.ts';
import type { Session } from '../../domain/index.ts';
import type { SessionRepo } from '../types.ts';

/** Migration: login sessions, keyed by the SHA-256 of the cookie token. */
export const sessionsMigrationSql = `
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);`;

interface SessionRow {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

/** Login sessions in SQLite. */
export function createSqliteSessionRepo(db: SqliteDb): SessionRepo {
  const byHash = db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE token_hash = ?');
  return {
    async create(s: Session) {
      db.prepare(
        'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
      ).run(s.tokenHash, s.userId, s.createdAt, s.expiresAt);
    },
    async get(tokenHash) {
      const row = byHash.get(tokenHash);
      return row
        ? {
            tokenHash: row.token_hash,
            userId: row.user_id,
            createdAt: row.created_at,
            expiresAt: row.expires_at,
          }
        : null;
    },
    async delete(tokenHash) {
      db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
    },
    async deleteByUser(userId) {
      db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
    },
    async deleteExpired(now) {
      return db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now.toISOString()).changes;
    },
  };
}
