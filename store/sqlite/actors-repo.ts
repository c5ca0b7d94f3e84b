import type { Actor, Contact } from '../../domain/index.ts';
import { newId } from '../ids.ts';
import { decodeCursor, encodeCursor, checkPageSize } from '../paging.ts';
import type { ActorRepo } from '../types.ts';
import type { SqliteDb } from './database.ts';

/** Migration: actors, their contacts (`type:normalized`, each owned by one actor) and listings. */
export const actorsMigrationSql = `
CREATE TABLE actors (
  id TEXT PRIMARY KEY,
  first_seen_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL
);
CREATE INDEX actors_recent ON actors (last_seen_at DESC, id DESC);
CREATE TABLE actor_contacts (
  contact_key TEXT PRIMARY KEY,
  actor_id TEXT NOT NULL,
  contact TEXT NOT NULL CHECK (json_valid(contact))
);
CREATE INDEX actor_contacts_by_actor ON actor_contacts (actor_id);
CREATE TABLE actor_listings (
  listing_id TEXT PRIMARY KEY,
  actor_id TEXT NOT NULL,
  linked_at TEXT NOT NULL
);
CREATE INDEX actor_listings_by_actor ON actor_listings (actor_id, linked_at);`;

/** The key under which a contact links listings. */
export const contactKey = (c: Contact) => `${c.type}:${c.normalized}`;

interface ActorRow {
  id: string;
  first_seen_at: string;
  last_seen_at: string;
}

function readActor(db: SqliteDb, row: ActorRow): Actor {
  const contacts = (
    db.prepare('SELECT contact FROM actor_contacts WHERE actor_id = ? ORDER BY contact_key').all(row.id) as {
      contact: string;
    }[]
  ).map((r) => JSON.parse(r.contact) as Contact);
  const listingIds = (
    db
      .prepare('SELECT listing_id FROM actor_listings WHERE actor_id = ? ORDER BY linked_at, listing_id')
      .all(row.id) as {
      listing_id: string;
    }[]
  ).map((r) => r.listing_id);
  return { id: row.id, contacts, listingIds, firstSeenAt: row.first_seen_at, lastSeenAt: row.last_seen_at };
}

/**
 * Links a listing to its actor inside the caller's transaction (the alert upsert uses it too).
 * Union by shared contacts: the oldest matching actor absorbs the others.
 */
export function linkActorSync(
  db: SqliteDb,
  listingId: string,
  contacts: Contact[],
  now: string,
): string | null {
  const usable = contacts.filter((c) => c.normalized.length > 0);
  if (usable.length === 0) return null;
  const keys = [...new Set(usable.map(contactKey))];
  const owners = db
    .prepare(
      `SELECT DISTINCT actor_id FROM actor_contacts WHERE contact_key IN (${keys.map(() => '?').join(',')})`,
    )
    .all(...keys) as { actor_id: string }[];
  const previous = db.prepare('SELECT actor_id FROM actor_listings WHERE listing_id = ?').get(listingId) as
    | { actor_id: string }
    | undefined;
  const candidates = [
    ...new Set([...owners.map((o) => o.actor_id), ...(previous ? [previous.actor_id] : [])]),
  ];
  let actorId: string;
  if (candidates.length === 0) {
    actorId = newId();
    db.prepare('INSERT INTO actors (id, first_seen_at, last_seen_at) VALUES (?, ?, ?)').run(
      actorId,
      now,
      now,
    );
  } else {
    const rows = db
      .prepare(
        `SELECT * FROM actors WHERE id IN (${candidates.map(() => '?').join(',')}) ORDER BY first_seen_at, id`,
      )
      .all(...candidates) as ActorRow[];
    actorId = rows[0]!.id;
    const firstSeen = rows[0]!.first_seen_at;
    for (const other of rows.slice(1)) {
      db.prepare('UPDATE actor_contacts SET actor_id = ? WHERE actor_id = ?').run(actorId, other.id);
      db.prepare('UPDATE actor_listings SET actor_id = ? WHERE actor_id = ?').run(actorId, other.id);
      db.prepare('DELETE FROM actors WHERE id = ?').run(other.id);
    }
    db.prepare('UPDATE actors SET last_seen_at = max(last_seen_at, ?), first_seen_at = ? WHERE id = ?').run(
      now,
      firstSeen,
      actorId,
    );
  }
  const addContact = db.prepare(
    'INSERT INTO actor_contacts (contact_key, actor_id, contact) VALUES (?, ?, ?) ON CONFLICT (contact_key) DO UPDATE SET actor_id = excluded.actor_id',
  );
  for (const c of usable) addContact.run(contactKey(c), actorId, JSON.stringify(c));
  db.prepare(
    'INSERT INTO actor_listings (listing_id, actor_id, linked_at) VALUES (?, ?, ?) ON CONFLICT (listing_id) DO UPDATE SET actor_id = excluded.actor_id',
  ).run(listingId, actorId, now);
  return actorId;
}

/** Actors in SQLite. */
export function createSqliteActorRepo(db: SqliteDb): ActorRepo {
  const byId = db.prepare<[string], ActorRow>('SELECT * FROM actors WHERE id = ?');
  const link = db.transaction((listingId: string, contacts: Contact[], now: string) =>
    linkActorSync(db, listingId, contacts, now),
  );
  return {
    async link(listingId, contacts, now) {
      const id = link(listingId, contacts, now.toISOString());
      const row = id ? byId.get(id) : undefined;
      return row ? readActor(db, row) : null;
    },
    async get(id) {
      const row = byId.get(id);
      return row ? readActor(db, row) : null;
    },
    async getByListing(listingId) {
      const row = db
        .prepare('SELECT a.* FROM actors a JOIN actor_listings l ON l.actor_id = a.id WHERE l.listing_id = ?')
        .get(listingId) as ActorRow | undefined;
      return row ? readActor(db, row) : null;
    },
    async list(page) {
      const limit = checkPageSize(page.limit);
      const params: unknown[] = [];
      let where = '';
      if (page.cursor) {
        const after = decodeCursor(page.cursor);
        where = 'WHERE (last_seen_at < ? OR (last_seen_at = ? AND id < ?))';
        params.push(after.createdAt, after.createdAt, after.id);
      }
      const rows = db
        .prepare(`SELECT * FROM actors ${where} ORDER BY last_seen_at DESC, id DESC LIMIT ?`)
        .all(...params, limit + 1) as ActorRow[];
      const items = rows.slice(0, limit).map((r) => readActor(db, r));
      const last = items[items.length - 1];
      return {
        items,
        nextCursor:
          rows.length > limit && last ? encodeCursor({ createdAt: last.lastSeenAt, id: last.id }) : null,
      };
    },
  };
}
