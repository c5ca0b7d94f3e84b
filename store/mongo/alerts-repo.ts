import type { Db, Sort } from 'mongodb';
import { AppError } from '../../domain/errors.ts';
import type { Alert, AlertCandidate, AlertHistoryEntry } from '../../domain/index.ts';
import { newId } from '../ids.ts';
import { decodeAlertCursor, encodeAlertCursor } from '../alert-cursor.ts';
import { checkPageSize } from '../paging.ts';
import { toQuery, type AlertDoc } from './alert-filter.ts';
import type { AlertRepo, AlertVerdict, ChangeMeta } from '../types.ts';
import { createMongoActorRepo } from './actors-repo.ts';
import { createMongoGroupRepo } from './groups-repo.ts';
import { isDuplicateKey, MAX_RACE_RETRIES } from './errors.ts';

type HistoryDoc = Omit<AlertHistoryEntry, 'id'> & { _id: string };

const CONFIRMED_STATUSES = ['confirmed', 'escalated', 'acknowledged'] as const;

const COLLECTION = 'alerts';

function toAlert({ _id, scoreMax: _max, decidedAt: _decided, ...rest }: AlertDoc): Alert {
  return { dismissReason: null, groupId: null, duplicateOf: null, ...rest, id: _id };
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
    scoreMax: Math.max(k.scores.market, k.scores.production),
  };
}

/** Indexes the alert queries need: one alert per listing, and newest-first lists per filter. */
export async function ensureMongoAlertIndexes(db: Db): Promise<void> {
  await db.collection<AlertDoc>(COLLECTION).createIndexes([
    { key: { listingId: 1 }, name: 'alerts_listing', unique: true },
    { key: { createdAt: -1, _id: -1 }, name: 'alerts_newest' },
    { key: { status: 1, createdAt: -1, _id: -1 }, name: 'alerts_by_status' },
    { key: { sourceId: 1, createdAt: -1, _id: -1 }, name: 'alerts_by_source' },
    { key: { labels: 1, createdAt: -1, _id: -1 }, name: 'alerts_by_label' },
    { key: { groupId: 1, createdAt: 1 }, name: 'alerts_by_group' },
    { key: { assignee: 1, createdAt: -1, _id: -1 }, name: 'alerts_by_assignee' },
    { key: { priority: -1, createdAt: -1, _id: -1 }, name: 'alerts_by_priority' },
  ]);
  await db.collection<HistoryDoc>('alert_history').createIndex({ alertId: 1, at: 1, _id: 1 });
}

/** Alerts in MongoDB: one document per listing, guarded by a unique index on listingId. */
export function createMongoAlertRepo(db: Db): AlertRepo {
  const alerts = db.collection<AlertDoc>(COLLECTION);
  const history = db.collection<HistoryDoc>('alert_history');
  const listings = db.collection<{ _id: string; title: string; text: string }>('listings');
  const actors = createMongoActorRepo(db);
  const groups = createMongoGroupRepo(db);

  const record = async (
    alertId: string,
    field: string,
    from: unknown,
    to: unknown,
    meta: { userId: string | null; note?: string | null },
    at: string,
  ): Promise<AlertHistoryEntry> => {
    const doc: HistoryDoc = {
      _id: newId(),
      alertId,
      actorUserId: meta.userId,
      field,
      from: from ?? null,
      to: to ?? null,
      note: meta.note ?? null,
      at,
    };
    await history.insertOne(doc);
    const { _id, ...rest } = doc;
    return { id: _id, ...rest };
  };

  /** Reposts: the listing's near-duplicate group, and the group's first alert when this is a copy. */
  const placeInGroup = async (alertId: string, listingId: string, now: Date) => {
    const listing = await listings.findOne({ _id: listingId }, { projection: { title: 1, text: 1 } });
    if (!listing) return;
    const group = await groups.assign(listingId, `${listing.title}\n${listing.text}`, now);
    const head = await alerts.findOne(
      {
        groupId: group.id,
        _id: { $ne: alertId },
        $or: [{ duplicateOf: null }, { duplicateOf: { $exists: false } }],
      },
      { sort: { createdAt: 1, _id: 1 }, projection: { _id: 1 } },
    );
    await alerts.updateOne({ _id: alertId }, { $set: { groupId: group.id, duplicateOf: head?._id ?? null } });
  };

  const fresh = async (id: string) => toAlert((await alerts.findOne({ _id: id }))!);

  return {
    async changeStamp() {
      // Other processes write without telling this one, and no cheap server-wide counter exists.
      return null;
    },
    async upsertFromCandidate(candidate, now) {
      const at = now.toISOString();
      await actors.link(candidate.listingId, candidate.classification.contacts, now);
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
            dismissReason: null,
            groupId: null,
            duplicateOf: null,
            version: 1,
            createdAt: at,
            updatedAt: at,
          };
          try {
            await alerts.insertOne(doc);
          } catch (err) {
            if (isDuplicateKey(err)) continue;
            throw err;
          }
          await placeInGroup(doc._id, candidate.listingId, now);
          await record(
            doc._id,
            'created',
            null,
            'new',
            { userId: null, note: `listing version ${candidate.listingVersion}` },
            at,
          );
          return { alert: await fresh(doc._id), outcome: 'created' };
        }
        // A candidate from the same or an older listing version (a late or repeated job) changes nothing.
        if (candidate.listingVersion <= existing.listingVersion) {
          return { alert: toAlert(existing), outcome: 'unchanged' };
        }
        const before = Math.max(existing.scores.market, existing.scores.production);
        const after = Math.max(
          candidate.classification.scores.market,
          candidate.classification.scores.production,
        );
        const reopen = existing.status === 'dismissed' && after > before;
        const updated = await alerts.findOneAndUpdate(
          { _id: existing._id, listingVersion: { $lt: candidate.listingVersion } },
          {
            $set: {
              ...scoreFields(candidate),
              updatedAt: at,
              ...(reopen ? { status: 'new', dismissReason: null, decidedAt: null } : {}),
            },
            $inc: { version: 1 },
          },
          { returnDocument: 'after' },
        );
        if (!updated) continue;
        await placeInGroup(existing._id, candidate.listingId, now);
        if (reopen) {
          const note = `re-opened: the listing was edited (version ${candidate.listingVersion}) and its score rose from ${before.toFixed(2)} to ${after.toFixed(2)}`;
          await record(existing._id, 'status', 'dismissed', 'new', { userId: null, note }, at);
          return { alert: await fresh(existing._id), outcome: 'reopened' };
        }
        await record(
          existing._id,
          'scores',
          existing.scores,
          candidate.classification.scores,
          {
            userId: null,
            note: `listing version ${candidate.listingVersion}`,
          },
          at,
        );
        return { alert: await fresh(existing._id), outcome: 'updated' };
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
      const sort = page.sort ?? 'newest';
      const q = await toQuery(db, filter);
      if (page.cursor) {
        const after = decodeAlertCursor(sort, page.cursor);
        q.$or =
          sort === 'priority'
            ? [
                { priority: { $lt: after.priority } },
                { priority: after.priority, createdAt: { $lt: after.createdAt } },
                { priority: after.priority, createdAt: after.createdAt, _id: { $lt: after.id } },
              ]
            : [
                { createdAt: { $lt: after.createdAt } },
                { createdAt: after.createdAt, _id: { $lt: after.id } },
              ];
      }
      const order: Sort =
        sort === 'priority' ? { priority: -1, createdAt: -1, _id: -1 } : { createdAt: -1, _id: -1 };
      const docs = await alerts
        .find(q)
        .sort(order)
        .limit(limit + 1)
        .toArray();
      const items = docs.slice(0, limit).map(toAlert);
      const last = items[items.length - 1];
      return { items, nextCursor: docs.length > limit && last ? encodeAlertCursor(sort, last) : null };
    },
    async count(filter) {
      return alerts.countDocuments(await toQuery(db, filter));
    },
    async countByStatus(filter) {
      const q = await toQuery(db, { ...filter, status: undefined });
      const rows = await alerts
        .aggregate<{
          _id: Alert['status'];
          n: number;
        }>([{ $match: q }, { $group: { _id: '$status', n: { $sum: 1 } } }])
        .toArray();
      return Object.fromEntries(rows.map((r) => [r._id, r.n]));
    },
    async update(id, expectedVersion, patch, meta: ChangeMeta) {
      const doc = await alerts.findOne({ _id: id });
      if (!doc) throw new AppError('not_found', `no alert ${id}`);
      const current = toAlert(doc);
      const conflict = (now: Alert) =>
        new AppError(
          'conflict',
          `alert ${id} changed since you read it (version ${expectedVersion}, now ${now.version})`,
          {
            details: { current: now },
          },
        );
      if (current.version !== expectedVersion) throw conflict(current);
      const next = {
        status: patch.status ?? current.status,
        assignee: patch.assignee === undefined ? current.assignee : patch.assignee,
        tags: patch.tags ?? current.tags,
        dismissReason:
          patch.dismissReason === undefined ? (current.dismissReason ?? null) : patch.dismissReason,
      };
      if (next.status !== 'dismissed') next.dismissReason = null;
      const changed = (['status', 'assignee', 'tags', 'dismissReason'] as const).filter(
        (f) => JSON.stringify(next[f]) !== JSON.stringify(current[f] ?? null),
      );
      if (changed.length === 0) return current;
      const at = meta.now.toISOString();
      const decided =
        next.status !== current.status && (next.status === 'confirmed' || next.status === 'dismissed');
      const updated = await alerts.findOneAndUpdate(
        { _id: id, version: expectedVersion },
        { $set: { ...next, updatedAt: at, ...(decided ? { decidedAt: at } : {}) }, $inc: { version: 1 } },
        { returnDocument: 'after' },
      );
      if (!updated) {
        const now = await alerts.findOne({ _id: id });
        if (!now) throw new AppError('not_found', `no alert ${id}`);
        throw conflict(toAlert(now));
      }
      for (const field of changed) await record(id, field, current[field] ?? null, next[field], meta, at);
      return toAlert(updated);
    },
    async history(alertId) {
      const docs = await history.find({ alertId }).sort({ at: 1, _id: 1 }).toArray();
      return docs.map(({ _id, ...rest }) => ({ id: _id, ...rest }));
    },
    async note(alertId, field, meta) {
      if (!(await alerts.findOne({ _id: alertId }, { projection: { _id: 1 } })))
        throw new AppError('not_found', `no alert ${alertId}`);
      return record(alertId, field, meta.from, meta.to, meta, meta.now.toISOString());
    },
    async verdicts() {
      const docs = await alerts
        .find({ status: { $in: [...CONFIRMED_STATUSES, 'dismissed'] } })
        .sort({ _id: 1 })
        .toArray();
      const texts = new Map(
        (
          await listings
            .find({ _id: { $in: docs.map((d) => d.listingId) } }, { projection: { title: 1, text: 1 } })
            .toArray()
        ).map((l) => [l._id, l]),
      );
      return docs.flatMap((d): AlertVerdict[] => {
        const listing = texts.get(d.listingId);
        if (!listing) return [];
        const confirmed = (CONFIRMED_STATUSES as readonly string[]).includes(d.status);
        return [
          {
            alertId: d._id,
            listingId: d.listingId,
            title: listing.title,
            text: listing.text,
            labels: confirmed ? d.labels : [],
            verdict: confirmed ? 'confirmed' : 'dismissed',
            dismissReason: d.dismissReason ?? null,
            decidedAt: d.decidedAt ?? d.updatedAt,
          },
        ];
      });
    },
  };
}
