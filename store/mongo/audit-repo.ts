import { newId } from '../ids.ts';
import type { Db, Filter } from 'mongodb';
import type { AuditEntry } from '../../domain/index.ts';
import type { AuditRepo } from '../types.ts';
import { decodeCursor, encodeCursor } from '../paging.ts';

type AuditDoc = Omit<AuditEntry, 'id'> & { _id: string };

/** Indexes of the audit log. */
export async function ensureMongoAuditIndexes(db: Db): Promise<void> {
  const audit = db.collection<AuditDoc>('audit_log');
  await audit.createIndex({ at: -1, _id: -1 });
  await audit.createIndex({ target: 1, at: -1 });
}

/** The audit log in MongoDB. */
export function createMongoAuditRepo(db: Db): AuditRepo {
  const audit = db.collection<AuditDoc>('audit_log');
  return {
    async record(entry) {
      const id = newId();
      await audit.insertOne({ _id: id, ...entry });
      return { id, ...entry };
    },
    async list(filter, page) {
      const query: Filter<AuditDoc> = {};
      if (filter.userId !== undefined) query.userId = filter.userId;
      if (filter.action !== undefined) query.action = filter.action;
      if (filter.target !== undefined) query.target = filter.target;
      const cursor = page.cursor ? decodeCursor(page.cursor) : null;
      if (cursor)
        query.$or = [{ at: { $lt: cursor.createdAt } }, { at: cursor.createdAt, _id: { $lt: cursor.id } }];
      const docs = await audit
        .find(query)
        .sort({ at: -1, _id: -1 })
        .limit(page.limit + 1)
        .toArray();
      const items = docs.slice(0, page.limit).map(({ _id, ...rest }) => ({ id: _id, ...rest }));
      const last = items[items.length - 1];
      return {
        items,
        nextCursor:
          docs.length > page.limit && last ? encodeCursor({ createdAt: last.at, id: last.id }) : null,
      };
    },
  };
}
