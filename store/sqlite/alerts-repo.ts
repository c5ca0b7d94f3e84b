import type { Alert, AlertCandidate } from '../../domain/index.ts';
import { newId } from '../ids.ts';
import { checkPageSize, decodeCursor, encodeCursor } from '../paging.ts';
import type { AlertFilter, AlertRepo } from '../types.ts';
import type { SqliteDb, SqliteStatement } from './database.ts';

interface AlertRow {
  id: string;
  listing_id: string;
  source_id: string;
  listing_version: number;
  title: string;
  url: string;
  labels: string;
  score_market: number;
  score_production: number;
  substances: string;
  commune: string | null;
  contacts: string;
  explanation: string;
  model_version: string;
  priority: number;
  status: Alert['status'];
  assignee: string | null;
  tags: string;
  version: number;
  created_at: string;
  updated_at: string;
}

function toAlert(r: AlertRow): Alert {
  return {
    id: r.id,
    listingId: r.listing_id,
    sourceId: r.source_id,
    listingVersion: r.listing_version,
    title: r.title,
    url: r.url,
    labels: JSON.parse(r.labels),
    scores: { market: r.score_market, production: r.score_production },
    substances: JSON.parse(r.substances),
    commune: r.commune,
    contacts: JSON.parse(r.contacts),
    explanation: JSON.parse(r.explanation),
    modelVersion: r.model_version,
    priority: r.priority,
    status: r.status,
    assignee: r.assignee,
    tags: JSON.parse(r.tags),
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Named parameters for the columns a classification sets, shared by insert and update. */
function scoreParams(c: AlertCandidate) {
  const k = c.classification;
  return {
    listing_version: c.listingVersion,
    title: c.title,
    url: c.url,
    labels: JSON.stringify(k.labels),
    score_market: k.scores.market,
    score_production: k.scores.production,
    substances: JSON.stringify(k.substances),
    commune: k.commune,
    contacts: JSON.stringify(k.contacts),
    explanation: JSON.stringify(k.explanation),
    model_version: k.modelVersion,
    priority: c.priority,
  };
}

/** WHERE clause and parameters for a filter; empty lists mean "no filter". */
function filterSql(filter: AlertFilter): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.status && filter.status.length > 0) {
    where.push(`status IN (${filter.status.map(() => '?').join(', ')})`);
    params.push(...filter.status);
  }
  if (filter.label) {
    where.push('EXISTS (SELECT 1 FROM json_each(alerts.labels) WHERE json_each.value = ?)');
    params.push(filter.label);
  }
  if (filter.sourceId) {
    where.push('source_id = ?');
    params.push(filter.sourceId);
  }
  return { where, params };
}

/** Alerts in SQLite: one row per listing (unique listing_id). */
export function createSqliteAlertRepo(db: SqliteDb): AlertRepo {
  const byId = db.prepare<[string], AlertRow>('SELECT * FROM alerts WHERE id = ?');
  const byListing = db.prepare<[string], AlertRow>('SELECT * FROM alerts WHERE listing_id = ?');
  const insert = db.prepare(`
    INSERT INTO alerts (id, listing_id, source_id, listing_version, title, url, labels, score_market,
      score_production, substances, commune, contacts, explanation, model_version, priority, status,
      assignee, tags, version, created_at, updated_at)
    VALUES (@id, @listing_id, @source_id, @listing_version, @title, @url, @labels, @score_market,
      @score_production, @substances, @commune, @contacts, @explanation, @model_version, @priority, 'new',
      NULL, '[]', 1, @now, @now)`);
  const update = db.prepare(`
    UPDATE alerts SET listing_version = @listing_version, title = @title, url = @url, labels = @labels,
      score_market = @score_market, score_production = @score_production, substances = @substances,
      commune = @commune, contacts = @contacts, explanation = @explanation, model_version = @model_version,
      priority = @priority, version = version + 1, updated_at = @now
    WHERE id = @id`);
  // Filters combine into a handful of shapes: each distinct SQL is prepared once and reused.
  const statements = new Map<string, SqliteStatement>();
  const prepared = (sql: string) => {
    let stmt = statements.get(sql);
    if (!stmt) statements.set(sql, (stmt = db.prepare<unknown[]>(sql)));
    return stmt;
  };

  const upsert = db.transaction((candidate: AlertCandidate, now: string) => {
    const existing = byListing.get(candidate.listingId);
    if (!existing) {
      insert.run({
        id: newId(),
        listing_id: candidate.listingId,
        source_id: candidate.sourceId,
        now,
        ...scoreParams(candidate),
      });
      return { alert: toAlert(byListing.get(candidate.listingId)!), outcome: 'created' as const };
    }
    // A candidate from the same or an older listing version (a late or repeated job) changes nothing.
    if (candidate.listingVersion <= existing.listing_version) {
      return { alert: toAlert(existing), outcome: 'unchanged' as const };
    }
    update.run({ id: existing.id, now, ...scoreParams(candidate) });
    return { alert: toAlert(byId.get(existing.id)!), outcome: 'updated' as const };
  });

  return {
    async upsertFromCandidate(candidate, now) {
      return upsert(candidate, now.toISOString());
    },
    async get(id) {
      const row = byId.get(id);
      return row ? toAlert(row) : null;
    },
    async getByListing(listingId) {
      const row = byListing.get(listingId);
      return row ? toAlert(row) : null;
    },
    async list(filter, page) {
      const limit = checkPageSize(page.limit);
      const { where, params } = filterSql(filter);
      if (page.cursor) {
        const after = decodeCursor(page.cursor);
        where.push('(created_at < ? OR (created_at = ? AND id < ?))');
        params.push(after.createdAt, after.createdAt, after.id);
      }
      const sql = `SELECT * FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at DESC, id DESC LIMIT ?`;
      const rows = prepared(sql).all(...params, limit + 1) as AlertRow[];
      const items = rows.slice(0, limit).map(toAlert);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
    },
    async count(filter) {
      const { where, params } = filterSql(filter);
      const sql = `SELECT count(*) AS n FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
      return (prepared(sql).get(...params) as { n: number }).n;
    },
  };
}
