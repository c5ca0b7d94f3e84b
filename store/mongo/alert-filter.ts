import type { Db, Filter } from 'mongodb';
import type { Alert } from '../../domain/index.ts';
import { searchTerms } from '../paging.ts';
import type { AlertFilter } from '../types.ts';

/** An alert document: the alert, plus the higher score (range filters) and when it was decided. */
export type AlertDoc = Omit<Alert, 'id'> & { _id: string; scoreMax?: number; decidedAt?: string | null };

/** Search hits considered for a full-text filter: enough for a queue, bounded for the server. */
const MAX_SEARCH_HITS = 5000;

/** The query for a filter; full-text search first finds matching listings in the listings' text index. */
export async function toQuery(db: Db, filter: AlertFilter): Promise<Filter<AlertDoc>> {
  const q: Filter<AlertDoc> = {};
  const and: Filter<AlertDoc>[] = [];
  if (filter.status && filter.status.length > 0) q.status = { $in: filter.status };
  if (filter.label) q.labels = filter.label;
  if (filter.sourceId) q.sourceId = filter.sourceId;
  if (filter.substance) q.substances = filter.substance;
  // Escaped, not stripped: a commune spelled with other characters must match itself only.
  if (filter.commune)
    q.commune = { $regex: `^${filter.commune.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, $options: 'i' };
  if (filter.minScore !== undefined || filter.maxScore !== undefined) {
    q.scoreMax = {
      ...(filter.minScore !== undefined ? { $gte: filter.minScore } : {}),
      ...(filter.maxScore !== undefined ? { $lte: filter.maxScore } : {}),
    };
  }
  if (filter.createdFrom || filter.createdTo) {
    q.createdAt = {
      ...(filter.createdFrom ? { $gte: filter.createdFrom } : {}),
      ...(filter.createdTo ? { $lte: filter.createdTo } : {}),
    };
  }
  if (filter.assignee !== undefined) q.assignee = filter.assignee;
  if (filter.tag) q.tags = filter.tag;
  if (filter.hideDuplicates) and.push({ $or: [{ duplicateOf: null }, { duplicateOf: { $exists: false } }] });
  if (filter.groupId) q.groupId = filter.groupId;
  if (filter.listingIds) and.push({ listingId: { $in: filter.listingIds } });
  if (filter.query !== undefined) {
    const terms = searchTerms(filter.query);
    const hits =
      terms.length === 0
        ? []
        : await db
            .collection<{ _id: string }>('listings')
            .find({ $text: { $search: terms.map((t) => `"${t}"`).join(' ') } }, { projection: { _id: 1 } })
            .limit(MAX_SEARCH_HITS)
            .toArray();
    and.push({ listingId: { $in: hits.map((h) => h._id) } });
  }
  if (and.length > 0) q.$and = and;
  return q;
}
