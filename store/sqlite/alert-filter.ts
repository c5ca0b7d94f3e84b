import { searchTerms } from '../paging.ts';
import type { AlertFilter } from '../types.ts';

/** WHERE clauses and parameters for an alert filter; empty lists and undefined mean "no filter". */
export function alertFilterSql(filter: AlertFilter): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    where.push(sql);
    params.push(...values);
  };
  if (filter.status && filter.status.length > 0) {
    add(`status IN (${filter.status.map(() => '?').join(', ')})`, ...filter.status);
  }
  if (filter.label)
    add('EXISTS (SELECT 1 FROM json_each(alerts.labels) WHERE json_each.value = ?)', filter.label);
  if (filter.sourceId) add('source_id = ?', filter.sourceId);
  if (filter.substance)
    add('EXISTS (SELECT 1 FROM json_each(alerts.substances) WHERE json_each.value = ?)', filter.substance);
  if (filter.commune) add('commune = ? COLLATE NOCASE', filter.commune);
  if (filter.minScore !== undefined) add('score_max >= ?', filter.minScore);
  if (filter.maxScore !== undefined) add('score_max <= ?', filter.maxScore);
  if (filter.createdFrom) add('created_at >= ?', filter.createdFrom);
  if (filter.createdTo) add('created_at <= ?', filter.createdTo);
  if (filter.assignee === null) add('assignee IS NULL');
  else if (filter.assignee !== undefined) add('assignee = ?', filter.assignee);
  if (filter.tag) add('EXISTS (SELECT 1 FROM json_each(alerts.tags) WHERE json_each.value = ?)', filter.tag);
  if (filter.hideDuplicates) add('duplicate_of IS NULL');
  if (filter.groupId) add('group_id = ?', filter.groupId);
  if (filter.listingIds) {
    add(`listing_id IN (${filter.listingIds.map(() => '?').join(', ') || 'NULL'})`, ...filter.listingIds);
  }
  if (filter.query !== undefined) {
    const terms = searchTerms(filter.query);
    // Each word quoted: FTS5 syntax in the query never reaches the engine. No words, no match.
    if (terms.length === 0) add('0');
    else {
      add(
        `listing_id IN (SELECT l.id FROM listings_fts JOIN listings l ON l.seq = listings_fts.rowid WHERE listings_fts MATCH ?)`,
        terms.map((t) => `"${t}"`).join(' '),
      );
    }
  }
  return { where, params };
}
