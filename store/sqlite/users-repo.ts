import { newId } from '../ids.ts';
import type { SqliteDb } from './database.ts';
import { AppError, type User } from '../../domain/index.ts';
import type { NewUser, UserRepo } from '../types.ts';

/** Migration: users of the API and dashboard. */
export const usersMigrationSql = `
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);`;

interface UserRow {
  id: string;
  username: string;
  role: User['role'];
  password_hash: string;
  disabled: number;
  created_at: string;
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    passwordHash: row.password_hash,
    disabled: row.disabled === 1,
    createdAt: row.created_at,
  };
}

/** Users in SQLite; usernames are unique regardless of case. */
export function createSqliteUserRepo(db: SqliteDb): UserRepo {
  const byId = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?');
  const byName = db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?');
  return {
    async create(input: NewUser, now: Date) {
      const user: User = { id: newId(), ...input, disabled: false, createdAt: now.toISOString() };
      try {
        db.prepare(
          'INSERT INTO users (id, username, role, password_hash, disabled, created_at) VALUES (?, ?, ?, ?, 0, ?)',
        ).run(user.id, user.username, user.role, user.passwordHash, user.createdAt);
      } catch (cause) {
        if ((cause as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
          throw new AppError('conflict', `username "${input.username}" is already taken`, { cause });
        }
        throw cause;
      }
      return user;
    },
    async get(id) {
      const row = byId.get(id);
      return row ? toUser(row) : null;
    },
    async getByUsername(username) {
      const row = byName.get(username);
      return row ? toUser(row) : null;
    },
    async list() {
      return db.prepare<[], UserRow>('SELECT * FROM users ORDER BY created_at, id').all().map(toUser);
    },
    async update(id, patch) {
      const sets: string[] = [];
      const values: unknown[] = [];
      if (patch.role !== undefined) {
        sets.push('role = ?');
        values.push(patch.role);
      }
      if (patch.disabled !== undefined) {
        sets.push('disabled = ?');
        values.push(patch.disabled ? 1 : 0);
      }
      if (patch.passwordHash !== undefined) {
        sets.push('password_hash = ?');
        values.push(patch.passwordHash);
      }
      if (sets.length > 0) db.prepare(`UPDATE users SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
      const row = byId.get(id);
      return row ? toUser(row) : null;
    },
    async count() {
      return (db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
    },
  };
}
