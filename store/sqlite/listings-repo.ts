import type { Listing, ListingVersion, ScrapedListing } from '../../domain/index.ts';
import { newId } from '../ids.ts';
import { searchTerms } from '../paging.ts';
import type { ListingRepo, ListingUpsertResult } from '../types.ts';
import type { SqliteDb } from './database.ts';

interface ListingRow {
  id: string;
  source_id: string;
  external_id: string;
  url: string;
  title: string;
  text: string;
  fields: string;
  posted_at: string | null;
  content_hash: string;
  current_version: number;
  status: Listing['status'];
  first_seen_at: string;
  last_seen_at: string;
  removed_at: string | null;
  missed_runs: number;
}

interface VersionRow {
  listing_id: string;
  version: number;
  content_hash: string;
  title: string;
  text: string;
  fields: string;
  evidence: string;
  created_at: string;
}

function toListing(r: ListingRow): Listing {
  return {
    id: r.id,
    sourceId: r.source_id,
    externalId: r.external_id,
    url: r.url,
    title: r.title,
    text: r.text,
    fields: JSON.parse(r.fields),
    postedAt: r.posted_at,
    contentHash: r.content_hash,
    currentVersion: r.current_version,
    status: r.status,
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
    removedAt: r.removed_at,
    missedRuns: r.missed_runs,
  };
}

function toVersion(r: VersionRow): ListingVersion {
  return {
    listingId: r.listing_id,
    version: r.version,
    contentHash: r.content_hash,
    title: r.title,
    text: r.text,
    fields: JSON.parse(r.fields),
    evidence: JSON.parse(r.evidence),
    createdAt: r.created_at,
  };
}

/** FTS5 query: every word must match; each is quoted so no user input is read as FTS syntax. */
function ftsQuery(query: string): string | null {
  const terms = searchTerms(query);
  return terms.length ? terms.map((t) => `"${t}"`).join(' ') : null;
}

/** Listings and their versions in SQLite; search through the `listings_fts` index. */
export function createSqliteListingRepo(db: SqliteDb): ListingRepo {
  const byKey = db.prepare<[string, string], ListingRow>(
    `SELECT * FROM listings WHERE source_id = ? AND external_id = ?`,
  );
  const byId = db.prepare<[string], ListingRow>(`SELECT * FROM listings WHERE id = ?`);
  const insertListing = db.prepare(`
    INSERT INTO listings (id, source_id, external_id, url, title, text, fields, posted_at, content_hash,
      current_version, status, first_seen_at, last_seen_at, removed_at, missed_runs)
    VALUES (@id, @source_id, @external_id, @url, @title, @text, @fields, @posted_at, @content_hash,
      1, 'active', @now, @now, NULL, 0)`);
  const changeListing = db.prepare(`
    UPDATE listings SET url = @url, title = @title, text = @text, fields = @fields, posted_at = @posted_at,
      content_hash = @content_hash, current_version = current_version + 1, status = 'active',
      last_seen_at = @now, removed_at = NULL, missed_runs = 0
    WHERE id = @id`);
  const seeListing = db.prepare(`
    UPDATE listings SET url = @url, status = 'active', last_seen_at = @now, removed_at = NULL, missed_runs = 0
    WHERE id = @id`);
  const insertVersion = db.prepare(`
    INSERT INTO listing_versions (listing_id, version, content_hash, title, text, fields, evidence, created_at)
    VALUES (@listing_id, @version, @content_hash, @title, @text, @fields, @evidence, @now)`);
  const version = db.prepare<[string, number], VersionRow>(
    'SELECT * FROM listing_versions WHERE listing_id = ? AND version = ?',
  );
  const versions = db.prepare<[string], VersionRow>(
    'SELECT * FROM listing_versions WHERE listing_id = ? ORDER BY version',
  );
  // Id lists travel as one JSON parameter: no statement per list length, no variable limit.
  const touch = db.prepare(`
    UPDATE listings SET status = 'active', last_seen_at = ?, removed_at = NULL, missed_runs = 0
    WHERE source_id = ? AND external_id IN (SELECT value FROM json_each(?))`);
  const miss = db.prepare(`
    UPDATE listings SET missed_runs = missed_runs + 1
    WHERE source_id = ? AND status = 'active' AND external_id NOT IN (SELECT value FROM json_each(?))`);
  const remove = db.prepare(`
    UPDATE listings SET status = 'removed', removed_at = ?
    WHERE source_id = ? AND status = 'active' AND missed_runs >= ?
      AND external_id NOT IN (SELECT value FROM json_each(?))`);
  const search = db.prepare<[string, number], ListingRow>(`
    SELECT l.* FROM listings_fts
    JOIN listings l ON l.seq = listings_fts.rowid
    WHERE listings_fts MATCH ? ORDER BY bm25(listings_fts, 2.0, 1.0) LIMIT ?`);
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM listings');

  const upsert = db.transaction((s: ScrapedListing, now: string): ListingUpsertResult => {
    const existing = byKey.get(s.sourceId, s.externalId);
    const content = {
      url: s.url,
      title: s.title,
      text: s.text,
      fields: JSON.stringify(s.fields),
      posted_at: s.postedAt,
      content_hash: s.contentHash,
      now,
    };
    let outcome: ListingUpsertResult['outcome'];
    let id: string;
    if (!existing) {
      id = newId();
      insertListing.run({ ...content, id, source_id: s.sourceId, external_id: s.externalId });
      outcome = 'new';
    } else if (existing.content_hash === s.contentHash) {
      id = existing.id;
      seeListing.run({ id, url: s.url, now });
      outcome = 'unchanged';
    } else {
      id = existing.id;
      changeListing.run({ ...content, id });
      outcome = 'changed';
    }
    const listing = byId.get(id)!;
    if (outcome !== 'unchanged') {
      insertVersion.run({
        listing_id: id,
        version: listing.current_version,
        content_hash: s.contentHash,
        title: s.title,
        text: s.text,
        fields: content.fields,
        evidence: JSON.stringify(s.evidence),
        now,
      });
    }
    return {
      outcome,
      listing: toListing(listing),
      version: toVersion(version.get(id, listing.current_version)!),
    };
  });

  const markMissing = db.transaction(
    (sourceId: string, seen: string, removeAfter: number, now: string): number => {
      miss.run(sourceId, seen);
      return remove.run(now, sourceId, removeAfter, seen).changes;
    },
  );

  return {
    // BEGIN IMMEDIATE: a read-then-write transaction that starts deferred can fail at once with
    // SQLITE_BUSY when another process writes in between; immediate waits on busy_timeout instead.
    async upsert(scraped, now) {
      return upsert.immediate(scraped, now.toISOString());
    },
    async touch(sourceId, externalIds, now) {
      if (externalIds.length > 0) touch.run(now.toISOString(), sourceId, JSON.stringify(externalIds));
    },
    async markMissing(sourceId, seenExternalIds, removeAfter, now) {
      return markMissing.immediate(sourceId, JSON.stringify(seenExternalIds), removeAfter, now.toISOString());
    },
    async get(id) {
      const row = byId.get(id);
      return row ? toListing(row) : null;
    },
    async getByExternalId(sourceId, externalId) {
      const row = byKey.get(sourceId, externalId);
      return row ? toListing(row) : null;
    },
    async versions(listingId) {
      return versions.all(listingId).map(toVersion);
    },
    async search(query, limit) {
      const match = ftsQuery(query);
      if (!match || limit < 1) return [];
      return search.all(match, Math.min(limit, 1000)).map(toListing);
    },
    async count() {
      return count.get()!.n;
    },
  };
}
