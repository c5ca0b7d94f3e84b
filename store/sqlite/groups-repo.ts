import type { ListingGroup } from '../../domain/index.ts';
import { newId } from '../ids.ts';
import { bandKeys, minhash, NEAR_DUPLICATE_SIMILARITY, similarity } from '../minhash.ts';
import type { GroupRepo } from '../types.ts';
import type { SqliteDb } from './database.ts';

/** Migration: near-duplicate groups, MinHash signatures and their LSH band keys. */
export const groupsMigrationSql = `
CREATE TABLE listing_groups (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL
);
CREATE TABLE listing_signatures (
  listing_id TEXT PRIMARY KEY,
  group_id TEXT NOT NULL,
  signature TEXT NOT NULL,
  assigned_at TEXT NOT NULL
);
CREATE INDEX listing_signatures_by_group ON listing_signatures (group_id, assigned_at, listing_id);
CREATE TABLE listing_bands (
  band TEXT NOT NULL,
  listing_id TEXT NOT NULL,
  PRIMARY KEY (band, listing_id)
) WITHOUT ROWID;`;

function readGroup(db: SqliteDb, id: string): ListingGroup | null {
  const row = db.prepare('SELECT * FROM listing_groups WHERE id = ?').get(id) as
    | { id: string; created_at: string }
    | undefined;
  if (!row) return null;
  const listingIds = (
    db
      .prepare(
        'SELECT listing_id FROM listing_signatures WHERE group_id = ? ORDER BY assigned_at, listing_id',
      )
      .all(id) as { listing_id: string }[]
  ).map((r) => r.listing_id);
  return { id: row.id, listingIds, createdAt: row.created_at };
}

/**
 * Assigns a listing to the group of its most similar earlier listing (band candidates, then the
 * signature estimate), or to a new group; inside the caller's transaction. Returns the group id.
 */
export function assignGroupSync(db: SqliteDb, listingId: string, text: string, now: string): string {
  const signature = minhash(text);
  const bands = bandKeys(signature);
  const existing = db
    .prepare('SELECT group_id FROM listing_signatures WHERE listing_id = ?')
    .get(listingId) as { group_id: string } | undefined;
  const candidates = db
    .prepare(
      `SELECT DISTINCT s.listing_id, s.group_id, s.signature FROM listing_bands b
       JOIN listing_signatures s ON s.listing_id = b.listing_id
       WHERE b.band IN (${bands.map(() => '?').join(',')}) AND b.listing_id <> ?`,
    )
    .all(...bands, listingId) as { listing_id: string; group_id: string; signature: string }[];
  let best: { groupId: string; score: number } | null = null;
  for (const c of candidates) {
    const score = similarity(signature, JSON.parse(c.signature) as number[]);
    if (score >= NEAR_DUPLICATE_SIMILARITY && (!best || score > best.score))
      best = { groupId: c.group_id, score };
  }
  // A listing keeps its group across edits unless it now clearly belongs with others.
  const groupId = best?.groupId ?? existing?.group_id ?? newId();
  if (!best && !existing)
    db.prepare('INSERT INTO listing_groups (id, created_at) VALUES (?, ?)').run(groupId, now);
  db.prepare(
    `INSERT INTO listing_signatures (listing_id, group_id, signature, assigned_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (listing_id) DO UPDATE SET group_id = excluded.group_id, signature = excluded.signature`,
  ).run(listingId, groupId, JSON.stringify(signature), now);
  db.prepare('DELETE FROM listing_bands WHERE listing_id = ?').run(listingId);
  const addBand = db.prepare('INSERT OR IGNORE INTO listing_bands (band, listing_id) VALUES (?, ?)');
  for (const band of bands) addBand.run(band, listingId);
  return groupId;
}

/** Near-duplicate groups in SQLite. */
export function createSqliteGroupRepo(db: SqliteDb): GroupRepo {
  const assign = db.transaction((listingId: string, text: string, now: string) =>
    assignGroupSync(db, listingId, text, now),
  );
  return {
    async assign(listingId, text, now) {
      return readGroup(db, assign(listingId, text, now.toISOString()))!;
    },
    async get(id) {
      return readGroup(db, id);
    },
    async getByListing(listingId) {
      const row = db
        .prepare('SELECT group_id FROM listing_signatures WHERE listing_id = ?')
        .get(listingId) as { group_id: string } | undefined;
      return row ? readGroup(db, row.group_id) : null;
    },
  };
}
