import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../domain/index.ts';
import { at, candidate, scraped } from '../contract/fixtures.ts';
import { openStore } from '../index.ts';
import { openDatabase, runMigrations } from './database.ts';
import { openSqliteStore } from './index.ts';
import { migrations } from './migrations.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigie-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshPath = () => join(dir, `db-${++n}.db`);

describe('SQLite store file', () => {
  it('keeps listings, versions and alerts across close and reopen', async () => {
    const path = freshPath();
    const first = await openSqliteStore(path);
    const v1 = await first.listings.upsert(scraped(), at(0));
    await first.listings.upsert(scraped({ text: 'nouveau texte' }), at(1));
    const { alert } = await first.alerts.upsertFromCandidate(candidate(v1.listing.id), at(2));
    await first.sourceStates.setPaused('demo-classifieds', true, at(3));
    await first.close();

    const second = await openSqliteStore(path);
    expect(await second.listings.count()).toBe(1);
    expect((await second.listings.versions(v1.listing.id)).map((v) => v.version)).toEqual([1, 2]);
    expect(await second.alerts.get(alert.id)).toEqual(alert);
    expect((await second.sourceStates.get('demo-classifieds'))?.paused).toBe(true);
    expect((await second.listings.search('nouveau', 5)).map((l) => l.id)).toEqual([v1.listing.id]);
    await second.close();
  });

  it('runs each migration once: reopening applies nothing and records every id once', async () => {
    const path = freshPath();
    await (await openSqliteStore(path)).close();
    await (await openSqliteStore(path)).close();
    const db = openDatabase(path);
    const ids = (db.prepare('SELECT id FROM migrations ORDER BY rowid').all() as { id: string }[]).map(
      (r) => r.id,
    );
    expect(ids).toEqual(migrations.map((m) => m.id));
    expect(runMigrations(db, migrations)).toEqual([]);
    db.close();
  });

  it('uses WAL, enforces foreign keys and waits on locks', () => {
    const db = openDatabase(freshPath());
    runMigrations(db, migrations);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(() =>
      db
        .prepare("INSERT INTO listing_versions VALUES ('missing', 1, 'h', 't', 'x', '{}', '{}', 'now')")
        .run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('applies an appended migration once, and rolls back a failing one', () => {
    const db = openDatabase(freshPath());
    runMigrations(db, migrations);
    const extra = [...migrations, { id: 'test-001', sql: 'CREATE TABLE extra (x INTEGER)' }];
    expect(runMigrations(db, extra)).toEqual(['test-001']);
    expect(runMigrations(db, extra)).toEqual([]);

    const failing = [
      ...extra,
      { id: 'test-002', sql: 'CREATE TABLE half (x); INSERT INTO nowhere VALUES (1);' },
    ];
    const err = (() => {
      try {
        runMigrations(db, failing);
      } catch (e) {
        return e;
      }
    })();
    expect(isAppError(err, 'internal')).toBe(true);
    expect((err as Error).message).toContain('test-002');
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    expect(db.prepare("SELECT id FROM migrations WHERE id = 'test-002'").get()).toBeUndefined();

    expect(() => runMigrations(db, [...extra, { id: 'test-001', sql: 'SELECT 1' }])).toThrow(/duplicate/);
    db.close();
  });

  it('keeps full-text search in step after VACUUM', async () => {
    const path = freshPath();
    const store = await openSqliteStore(path);
    for (const id of ['a', 'b', 'c'])
      await store.listings.upsert(scraped({ externalId: id, text: `mot${id}` }), at(0));
    await store.close();
    const db = new Database(path);
    db.prepare("DELETE FROM listings WHERE external_id = 'a'").run();
    db.exec('VACUUM');
    db.close();
    const reopened = await openSqliteStore(path);
    const found = await reopened.listings.search('motc', 5);
    expect(found.map((l) => l.externalId)).toEqual(['c']);
    expect(await reopened.listings.search('mota', 5)).toEqual([]);
    await reopened.close();
  });
});

describe('SQLite store errors', () => {
  it('refuses a file that is not a database with a clear error, and leaves it untouched', async () => {
    const path = freshPath();
    const bytes = Buffer.from('this is not a SQLite database, just some text '.repeat(200));
    writeFileSync(path, bytes);
    const err = await openSqliteStore(path).catch((e: unknown) => e);
    expect(isAppError(err, 'unavailable')).toBe(true);
    expect((err as Error).message).toContain(path);
    expect((err as Error).message).toMatch(/not a database/);
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it('refuses a path that cannot be created or written', async () => {
    const file = freshPath();
    writeFileSync(file, 'a file, not a directory');
    const folder = join(dir, `folder-${++n}`);
    mkdirSync(folder);
    for (const path of [join(file, 'vigie.db'), join(dir, 'missing-dir', 'vigie.db'), folder]) {
      const err = await openSqliteStore(path).catch((e: unknown) => e);
      expect(isAppError(err, 'unavailable')).toBe(true);
      expect((err as Error).message).toContain(path);
    }
  });

  it('openStore creates the data directory and vigie.db, or uses the configured path', async () => {
    const dataDir = join(dir, `data-${++n}`, 'nested');
    const store = await openStore({ kind: 'sqlite' }, dataDir);
    expect(store.kind).toBe('sqlite');
    await store.close();
    expect(existsSync(join(dataDir, 'vigie.db'))).toBe(true);

    const custom = join(dir, `custom-${++n}`, 'other.db');
    await (await openStore({ kind: 'sqlite', path: custom }, dataDir)).close();
    expect(existsSync(custom)).toBe(true);

    const blocked = join(dir, `blocked-${++n}`);
    writeFileSync(blocked, 'x');
    const err = await openStore({ kind: 'sqlite' }, join(blocked, 'data')).catch((e: unknown) => e);
    expect(isAppError(err, 'unavailable')).toBe(true);
  });
});
