import type { Db, Filter } from 'mongodb';
import { AppError } from '../../domain/errors.ts';
import type { Alert, AlertCandidate } from '../../domain/index.ts';
import { newId } from '../ids.ts';
import { checkPageSize, decodeCursor, encodeCursor } from '../paging.ts';
import type { AlertFilter, AlertRepo } from '../types.ts';
import { isDuplicateKey, MAX_RACE_RETRIES } from './errors.ts';

type AlertDoc = Omit<Alert, 'id'> & { _id: string };

const COLLECTION = 'alerts';

function toAlert({ _id, ...rest }: AlertDoc): Alert {
  return { id: _id, ...rest };
}

/** The fields a classification sets, shared by insert and update. */
function scoreFields(c: AlertCandidate) {
  const k = c.classification;
  return {
    listingVersion: c.listingVersion,
    title: c.title,
    url: c.url,
    labels: k.labels,
    scores: { market: k.scores.market, production: k.scores.production },
    substances: k.substances,
    commune: k.commune,
    contacts: k.contacts,
    explanation: k.explanation,
    modelVersion: k.modelVersion,
    priority: c.priority,
  };
}

function toQuery(filter: AlertFilter): Filter<AlertDoc> {
  const q: Filter<AlertDoc> = {};
  if (filter.status && filter.status.length > 0) q.status = { $in: filter.status };
  if (filter.label) q.labels = filter.label;
  if (filter.sourceId) q.sourceId = filter.sourceId;
  return q;
}

/** Indexes the alert queries need: one alert per listing, and newest-first lists per filter. */
export async function ensureMongoAlertIndexes(db: Db): Promise<void> {
  await db.collection<AlertDoc>(COLLECTION).createIndexes([
    { key: { listingId: 1 }, name: 'alerts_listing', unique: true },
    { key: { createdAt: -1, _id: -1 }, name: 'alerts_newest' },
    { key: { status: 1, createdAt: -1, _id: -1 }, name: 'alerts_by_status' },
    { key: { sourceId: 1, createdAt: -1, _id: -1 }, name: 'alerts_by_source' },
    { key: { labels: 1, createdAt: -1, _id: -1 }, name: 'alerts_by_label' },
  ]);
}

/** Alerts in MongoDB: one document per listing, guarded by a unique index on listingId. */
export function createMongoAlertRepo(db: Db): AlertRepo {
  const alerts = db.collection<AlertDoc>(COLLECTION);

  return {
    async upsertFromCandidate(candidate, now) {
      const at = now.toISOString();
      // No multi-document transactions (a standalone server has none): read, then write
      // conditionally on what was read, and start over when another writer won the race.
      for (let attempt = 0; attempt < MAX_RACE_RETRIES; attempt++) {
        const existing = await alerts.findOne({ listingId: candidate.listingId });
        if (!existing) {
          const doc: AlertDoc = {
            _id: newId(),
            listingId: candidate.listingId,
            sourceId: candidate.sourceId,
            ...scoreFields(candidate),
            status: 'new',
            assignee: null,
            tags: [],
            version: 1,
            createdAt: at,
            updatedAt: at,
          };
          try {
            await alerts.insertOne(doc);
            return { alert: toAlert(doc), outcome: 'created' };
          } catch (err) {
            if (isDuplicateKey(err)) continue;
            throw err;
          }
        }
        // A candidate from the same or an older listing version (a late or repeated job) changes nothing.
        if (candidate.listingVersion <= existing.listingVersion) {
          return { alert: toAlert(existing), outcome: 'unchanged' };
        }
        const updated = await alerts.findOneAndUpdate(
          { _id: existing._id, listingVersion: { $lt: candidate.listingVersion } },
          { $set: { ...scoreFields(candidate), updatedAt: at }, $inc: { version: 1 } },
          { returnDocument: 'after' },
        );
        if (updated) return { alert: toAlert(updated), outcome: 'updated' };
      }
      throw new AppError('conflict', `alert for listing ${candidate.listingId} kept changing; try again`, {
        retryable: true,
      });
    },
    async get(id) {
      const doc = await alerts.findOne({ _id: id });
      return doc ? toAlert(doc) : null;
    },
    async getByListing(listingId) {
      const doc = await alerts.findOne({ listingId });
      return doc ? toAlert(doc) : null;
    },
    async list(filter, page) {
      const limit = checkPageSize(page.limit);
      const q = toQuery(filter);
      if (page.cursor) {
        const after = decodeCursor(page.cursor);
        q.$or = [
          { createdAt: { $lt: after.createdAt } },
          { createdAt: after.createdAt, _id: { $lt: after.id } },
        ];
      }
      const docs = await alerts
        .find(q)
        .sort({ createdAt: -1, _id: -1 })
        .limit(limit + 1)
        .toArray();
      const items = docs.slice(0, limit).map(toAlert);
      const last = items[items.length - 1];
      return { items, nextCursor: docs.length > limit && last ? encodeCursor(last) : null };
    },
    async count(filter) {
      return alerts.countDocuments(toQuery(filter));
    },
  };
}
