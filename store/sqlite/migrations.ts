import { actorsMigrationSql } from './actors-repo.ts';
import { alertsPriorityMigrationSql, alertsTriageMigrationSql } from './alerts-repo.ts';
import { auditMigrationSql } from './audit-repo.ts';
import { commentsMigrationSql } from './comments-repo.ts';
import { groupsMigrationSql } from './groups-repo.ts';
import { sessionsMigrationSql } from './sessions-repo.ts';
import { usersMigrationSql } from './users-repo.ts';

/** One schema change, applied once and recorded by id in the `migrations` table. */
export interface Migration {
  /** Unique and never renamed once released: `<area>-<nnn>`. */
  id: string;
  sql: string;
}

/**
 * Every schema change, in the order they run. Append new entries at the end; never edit or
 * reorder one that has shipped (databases in the field have already applied it).
 */
export const migrations: Migration[] = [
  {
    id: 'listings-001',
    // `seq` is the rowid the FTS index points at: an INTEGER PRIMARY KEY survives VACUUM,
    // an implicit rowid does not.
    sql: `
      CREATE TABLE listings (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        source_id TEXT NOT NULL,
        external_id TEXT NOT NULL,
        url TEXT NOT NULL,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        fields TEXT NOT NULL CHECK (json_valid(fields)),
        posted_at TEXT,
        content_hash TEXT NOT NULL,
        current_version INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'removed')),
        first_seen_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        removed_at TEXT,
        missed_runs INTEGER NOT NULL DEFAULT 0,
        UNIQUE (source_id, external_id)
      );
      CREATE TABLE listing_versions (
        listing_id TEXT NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        fields TEXT NOT NULL CHECK (json_valid(fields)),
        evidence TEXT NOT NULL CHECK (json_valid(evidence)),
        created_at TEXT NOT NULL,
        PRIMARY KEY (listing_id, version)
      );
      CREATE VIRTUAL TABLE listings_fts USING fts5 (
        title, text,
        content = 'listings', content_rowid = 'seq',
        tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER listings_fts_insert AFTER INSERT ON listings BEGIN
        INSERT INTO listings_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
      END;
      CREATE TRIGGER listings_fts_delete AFTER DELETE ON listings BEGIN
        INSERT INTO listings_fts (listings_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
      END;
      CREATE TRIGGER listings_fts_update AFTER UPDATE OF title, text ON listings BEGIN
        INSERT INTO listings_fts (listings_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
        INSERT INTO listings_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
      END;
    `,
  },
  {
    id: 'runs-001',
    sql: `
      CREATE TABLE crawl_runs (
        id TEXT PRIMARY KEY,
        source_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
        started_at TEXT NOT NULL,
        finished_at TEXT,
        stats TEXT NOT NULL CHECK (json_valid(stats)),
        error TEXT
      );
      CREATE INDEX crawl_runs_by_source ON crawl_runs (source_id, started_at DESC, id DESC);
    `,
  },
  {
    id: 'source-states-001',
    sql: `
      CREATE TABLE source_states (
        source_id TEXT PRIMARY KEY,
        paused INTEGER NOT NULL CHECK (paused IN (0, 1)),
        updated_at TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    id: 'http-cache-001',
    sql: `
      CREATE TABLE http_cache (
        url TEXT PRIMARY KEY,
        etag TEXT,
        last_modified TEXT,
        updated_at TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    id: 'alerts-001',
    sql: `
      CREATE TABLE alerts (
        id TEXT PRIMARY KEY,
        listing_id TEXT NOT NULL UNIQUE REFERENCES listings (id) ON DELETE CASCADE,
        source_id TEXT NOT NULL,
        listing_version INTEGER NOT NULL,
        title TEXT NOT NULL,
        url TEXT NOT NULL,
        labels TEXT NOT NULL CHECK (json_valid(labels)),
        score_market REAL NOT NULL,
        score_production REAL NOT NULL,
        substances TEXT NOT NULL CHECK (json_valid(substances)),
        commune TEXT,
        contacts TEXT NOT NULL CHECK (json_valid(contacts)),
        explanation TEXT NOT NULL CHECK (json_valid(explanation)),
        model_version TEXT NOT NULL,
        priority REAL NOT NULL,
        status TEXT NOT NULL,
        assignee TEXT,
        tags TEXT NOT NULL CHECK (json_valid(tags)),
        version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX alerts_newest ON alerts (created_at DESC, id DESC);
      CREATE INDEX alerts_by_status ON alerts (status, created_at DESC, id DESC);
      CREATE INDEX alerts_by_source ON alerts (source_id, created_at DESC, id DESC);
    `,
  },
  // Triage (API): users, sessions, audit, alert workflow and history, comments, actors, reposts.
  { id: 'users-001', sql: usersMigrationSql },
  { id: 'sessions-001', sql: sessionsMigrationSql },
  { id: 'audit-001', sql: auditMigrationSql },
  { id: 'alerts-002', sql: alertsTriageMigrationSql },
  { id: 'comments-001', sql: commentsMigrationSql },
  { id: 'actors-001', sql: actorsMigrationSql },
  { id: 'groups-001', sql: groupsMigrationSql },
  { id: 'alerts-003', sql: alertsPriorityMigrationSql },
];
