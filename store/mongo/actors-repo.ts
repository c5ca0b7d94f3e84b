import type { Db } from 'mongodb';
import type { Actor, Contact } from '../../domain/index.ts';
import { newId } from '../ids.ts';
import { checkPageSize, decodeCursor, encodeCursor } from '../paging.ts';
import type { ActorRepo } from '../types.ts';

/**
 * One document per actor; `contactKeys` (`type:normalized`) are unique across actors. `linkedAt`
 * holds when each listing first joined (absent on documents written before it: first seen then).
 */
type ActorDoc = Omit<Actor, 'id'> & {
  _id: string;
  contactKeys: string[];
  linkedAt?: Record<string, string>;
};

const contactKey = (c: Contact) => `${c.type}:${c.normalized}`;
const toActor = ({ _id, contactKeys: _k, linkedAt: _l, ...rest }: ActorDoc): Actor => ({ id: _id, ...rest });

/** Indexes: actor by contact and by listing, recent first. */
export async function ensureMongoActorIndexes(db: Db): Promise<void> {
  await db.collection<ActorDoc>('actors').createIndexes([
    { key: { contactKeys: 1 }, name: 'actors_by_contact' },
    { key: { listingIds: 1 }, name: 'actors_by_listing' },
    { key: { lastSeenAt: -1, _id: -1 }, name: 'actors_recent' },
  ]);
}

/** Actors in MongoDB: union by shared contacts, the oldest actor absorbing the others. */
export function createMongoActorRepo(db: Db): ActorRepo {
  const actors = db.collection<ActorDoc>('actors');
  return {
    async link(listingId, contacts, now) {
      const usable = contacts.filter((c) => c.normalized.length > 0);
      if (usable.length === 0) return null;
      const at = now.toISOString();
      const keys = [...new Set(usable.map(contactKey))];
      const owners = await actors
        .find({ $or: [{ contactKeys: { $in: keys } }, { listingIds: listingId }] })
        .sort({ firstSeenAt: 1, _id: 1 })
        .toArray();
      const [target, ...others] = owners;
      const merged = [target, ...others].filter((d): d is ActorDoc => d !== undefined);
      // As in SQLite: a contact keeps the form it was first seen in, contacts sort by key, and
      // listings by when they first joined (merges keep those times), then by id.
      const allContacts = new Map<string, Contact>();
      for (const d of merged) for (const c of d.contacts) allContacts.set(contactKey(c), c);
      for (const c of usable) if (!allContacts.has(contactKey(c))) allContacts.set(contactKey(c), c);
      const sortedKeys = [...allContacts.keys()].sort();
      const linkedAt: Record<string, string> = {};
      for (const d of merged)
        for (const id of d.listingIds) linkedAt[id] ??= d.linkedAt?.[id] ?? d.firstSeenAt;
      linkedAt[listingId] ??= at;
      const listingIds = Object.keys(linkedAt).sort((a, b) =>
        linkedAt[a] === linkedAt[b] ? (a < b ? -1 : 1) : linkedAt[a]! < linkedAt[b]! ? -1 : 1,
      );
      const doc: ActorDoc = {
        _id: target?._id ?? newId(),
        contacts: sortedKeys.map((k) => allContacts.get(k)!),
        contactKeys: sortedKeys,
        listingIds,
        linkedAt,
        firstSeenAt: target?.firstSeenAt ?? at,
        lastSeenAt: [at, ...merged.map((d) => d.lastSeenAt)].sort().at(-1)!,
      };
      await actors.replaceOne({ _id: doc._id }, doc, { upsert: true });
      if (others.length > 0) await actors.deleteMany({ _id: { $in: others.map((d) => d._id) } });
      return toActor(doc);
    },
    async get(id) {
      const doc = await actors.findOne({ _id: id });
      return doc ? toActor(doc) : null;
    },
    async getByListing(listingId) {
      const doc = await actors.findOne({ listingIds: listingId });
      return doc ? toActor(doc) : null;
    },
    async list(page) {
      const limit = checkPageSize(page.limit);
      const query = page.cursor
        ? (() => {
            const after = decodeCursor(page.cursor);
            return {
              $or: [
                { lastSeenAt: { $lt: after.createdAt } },
                { lastSeenAt: after.createdAt, _id: { $lt: after.id } },
              ],
            };
          })()
        : {};
      const docs = await actors
        .find(query)
        .sort({ lastSeenAt: -1, _id: -1 })
        .limit(limit + 1)
        .toArray();
      const items = docs.slice(0, limit).map(toActor);
      const last = items[items.length - 1];
      return {
        items,
        nextCursor:
          docs.length > limit && last ? encodeCursor({ createdAt: last.lastSeenAt, id: last.id }) : null,
      };
    },
  };
}
