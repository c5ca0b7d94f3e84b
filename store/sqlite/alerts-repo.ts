import { AppError, type Alert, type AlertCandidate, type AlertHistoryEntry } from '../../domain/index.ts';
import { newId } from '../ids.ts';
import { decodeAlertCursor, encodeAlertCursor } from '../alert-cursor.ts';
import { checkPageSize } from '../paging.ts';
import type { AlertPatch, AlertRepo, AlertVerdict, ChangeMeta } from '../types.ts';
import { linkActorSync } from './actors-repo.ts';
import { alertFilterSql } from './alert-filter.ts';
import {
  CONFIRMED_STATUSES,
  LIST_COLUMNS,
  listRow,
  scoreParams,
  toAlert,
  toHistory,
  type AlertRow,
  type HistoryRow,
} from './alert-rows.ts';
import type { SqliteDb, SqliteStatement } from './database.ts';
import { assignGroupSync } from './groups-repo.ts';

export { alertsPriorityMigrationSql, alertsTriageMigrationSql } from './alert-rows.ts';

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
  const rawStatements = new Map<string, SqliteStatement>();
  const rawStatement = (sql: string) => {
    let stmt = rawStatements.get(sql);
    if (!stmt) rawStatements.set(sql, (stmt = db.prepare<unknown[]>(sql).raw(true)));
    return stmt;
  };
  const prepared = (sql: string) => {
    let stmt = statements.get(sql);
    if (!stmt) statements.set(sql, (stmt = db.prepare<unknown[]>(sql)));
    return stmt;
  };

  const listingText = db.prepare<[string], { title: string; text: string }>(
    'SELECT title, text FROM listings WHERE id = ?',
  );
  const groupHead = db.prepare<[string, string], { id: string }>(
    'SELECT id FROM alerts WHERE group_id = ? AND duplicate_of IS NULL AND id <> ? ORDER BY created_at, id LIMIT 1',
  );
  const setGroup = db.prepare('UPDATE alerts SET group_id = ?, duplicate_of = ? WHERE id = ?');
  const insertHistory = db.prepare(
    'INSERT INTO alert_history (id, alert_id, user_id, field, from_value, to_value, note, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const historyOf = db.prepare<[string], HistoryRow>(
    'SELECT * FROM alert_history WHERE alert_id = ? ORDER BY at, id',
  );

  const record = (
    alertId: string,
    field: string,
    from: unknown,
    to: unknown,
    meta: { userId: string | null; note?: string | null },
    at: string,
  ) => {
    const entry: AlertHistoryEntry = {
      id: newId(),
      alertId,
      actorUserId: meta.userId,
      field,
      from,
      to,
      note: meta.note ?? null,
      at,
    };
    insertHistory.run(
      entry.id,
      alertId,
      entry.actorUserId,
      field,
      from === undefined ? null : JSON.stringify(from),
      to === undefined ? null : JSON.stringify(to),
      entry.note,
      at,
    );
    return entry;
  };

  /** Reposts: the listing's near-duplicate group, and the group's first alert when this is a copy. */
  const placeInGroup = (alertId: string, listingId: string, now: string) => {
    const listing = listingText.get(listingId);
    if (!listing) return;
    const groupId = assignGroupSync(db, listingId, `${listing.title}\n${listing.text}`, now);
    const head = groupHead.get(groupId, alertId);
    setGroup.run(groupId, head?.id ?? null, alertId);
  };

  const upsert = db.transaction((candidate: AlertCandidate, now: string) => {
    const existing = byListing.get(candidate.listingId);
    linkActorSync(db, candidate.listingId, candidate.classification.contacts, now);
    if (!existing) {
      const id = newId();
      insert.run({
        id,
        listing_id: candidate.listingId,
        source_id: candidate.sourceId,
        now,
        ...scoreParams(candidate),
      });
      placeInGroup(id, candidate.listingId, now);
      record(
        id,
        'created',
        null,
        'new',
        { userId: null, note: `listing version ${candidate.listingVersion}` },
        now,
      );
      return { alert: toAlert(byId.get(id)!), outcome: 'created' as const };
    }
    // A candidate from the same or an older listing version (a late or repeated job) changes nothing.
    if (candidate.listingVersion <= existing.listing_version) {
      return { alert: toAlert(existing), outcome: 'unchanged' as const };
    }
    update.run({ id: existing.id, now, ...scoreParams(candidate) });
    placeInGroup(existing.id, candidate.listingId, now);
    const before = Math.max(existing.score_market, existing.score_production);
    const after = Math.max(
      candidate.classification.scores.market,
      candidate.classification.scores.production,
    );
    if (existing.status === 'dismissed' && after > before) {
      db.prepare(
        "UPDATE alerts SET status = 'new', dismiss_reason = NULL, decided_at = NULL WHERE id = ?",
      ).run(existing.id);
      const note = `re-opened: the listing was edited (version ${candidate.listingVersion}) and its score rose from ${before.toFixed(2)} to ${after.toFixed(2)}`;
      record(existing.id, 'status', 'dismissed', 'new', { userId: null, note }, now);
      return { alert: toAlert(byId.get(existing.id)!), outcome: 'reopened' as const };
    }
    record(
      existing.id,
      'scores',
      { market: existing.score_market, production: existing.score_production },
      candidate.classification.scores,
      {
        userId: null,
        note: `listing version ${candidate.listingVersion}`,
      },
      now,
    );
    return { alert: toAlert(byId.get(existing.id)!), outcome: 'updated' as const };
  });

  const applyPatch = db.transaction(
    (id: string, expectedVersion: number, patch: AlertPatch, meta: ChangeMeta) => {
      const row = byId.get(id);
      if (!row) throw new AppError('not_found', `no alert ${id}`);
      const current = toAlert(row);
      if (row.version !== expectedVersion) {
        throw new AppError(
          'conflict',
          `alert ${id} changed since you read it (version ${expectedVersion}, now ${row.version})`,
          {
            details: { current },
          },
        );
      }
      const at = meta.now.toISOString();
      const next = {
        status: patch.status ?? current.status,
        assignee: patch.assignee === undefined ? current.assignee : patch.assignee,
        tags: patch.tags ?? current.tags,
        dismissReason:
          patch.dismissReason === undefined ? (current.dismissReason ?? null) : patch.dismissReason,
      };
      if (next.status !== 'dismissed') next.dismissReason = null;
      const changed = (['status', 'assignee', 'tags', 'dismissReason'] as const).filter(
        (f) =>
          JSON.stringify(next[f]) !==
          JSON.stringify(f === 'dismissReason' ? (current.dismissReason ?? null) : current[f]),
      );
      if (changed.length === 0) return current;
      const decided =
        next.status !== current.status && (next.status === 'confirmed' || next.status === 'dismissed');
      db.prepare(
        `UPDATE alerts SET status = ?, assignee = ?, tags = ?, dismiss_reason = ?, decided_at = CASE WHEN ? THEN ? ELSE decided_at END,
         version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
      ).run(
        next.status,
        next.assignee,
        JSON.stringify(next.tags),
        next.dismissReason,
        decided ? 1 : 0,
        at,
        at,
        id,
        expectedVersion,
      );
      for (const field of changed) {
        const from = field === 'dismissReason' ? (current.dismissReason ?? null) : current[field];
        record(id, field, from, next[field], meta, at);
      }
      return toAlert(byId.get(id)!);
    },
  );

  // data_version moves on commits of other connections, total_changes() on this one's writes.
  // Reading data_version opens a read transaction (~7 µs), so it is read once per event-loop turn
  // (another process's commit shows on the next turn); total_changes() is free and read every time.
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  const totalChanges = db.prepare('SELECT total_changes()').pluck();
  let externalVersion: number | null = null;
  const changeStampNow = () => {
    if (externalVersion === null) {
      externalVersion = dataVersion.get() as number;
      setImmediate(() => (externalVersion = null));
    }
    return `${externalVersion}:${totalChanges.get() as number}`;
  };

  return {
    changeStampNow,
    async changeStamp() {
      return changeStampNow();
    },
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
      const sort = page.sort ?? 'newest';
      const { where, params } = alertFilterSql(filter);
      if (page.cursor) {
        const after = decodeAlertCursor(sort, page.cursor);
        // Row values: SQLite seeks the matching index instead of filtering every row.
        if (sort === 'priority') {
          where.push('(priority, created_at, id) < (?, ?, ?)');
          params.push(after.priority, after.createdAt, after.id);
        } else {
          where.push('(created_at, id) < (?, ?)');
          params.push(after.createdAt, after.id);
        }
      }
      const order =
        sort === 'priority' ? 'priority DESC, created_at DESC, id DESC' : 'created_at DESC, id DESC';
      const sql = `SELECT ${LIST_COLUMNS.join(', ')} FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ${order} LIMIT ?`;
      const rows = rawStatement(sql).all(...params, limit + 1) as unknown[][];
      const items = rows.slice(0, limit).map(listRow);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > limit && last ? encodeAlertCursor(sort, last) : null };
    },
    async count(filter) {
      const { where, params } = alertFilterSql(filter);
      const sql = `SELECT count(*) AS n FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
      return (prepared(sql).get(...params) as { n: number }).n;
    },
    async countByStatus(filter) {
      const { where, params } = alertFilterSql({ ...filter, status: undefined });
      const sql = `SELECT status, count(*) AS n FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} GROUP BY status`;
      const rows = prepared(sql).all(...params) as { status: Alert['status']; n: number }[];
      return Object.fromEntries(rows.map((r) => [r.status, r.n]));
    },
    async update(id, expectedVersion, patch, meta) {
      return applyPatch(id, expectedVersion, patch, meta);
    },
    async history(alertId) {
      return historyOf.all(alertId).map(toHistory);
    },
    async note(alertId, field, meta) {
      if (!byId.get(alertId)) throw new AppError('not_found', `no alert ${alertId}`);
      return record(alertId, field, meta.from, meta.to, meta, meta.now.toISOString());
    },
    async verdicts() {
      const rows = db
        .prepare(
          `SELECT a.id, a.listing_id, a.labels, a.status, a.dismiss_reason, a.decided_at, a.updated_at, l.title, l.text
           FROM alerts a JOIN listings l ON l.id = a.listing_id
           WHERE a.status IN ('confirmed', 'escalated', 'acknowledged', 'dismissed') ORDER BY a.id`,
        )
        .all() as (Pick<
        AlertRow,
        'id' | 'listing_id' | 'labels' | 'status' | 'dismiss_reason' | 'updated_at' | 'title'
      > & {
        decided_at: string | null;
        text: string;
      })[];
      return rows.map((r): AlertVerdict => {
        const confirmed = CONFIRMED_STATUSES.includes(r.status);
        return {
          alertId: r.id,
          listingId: r.listing_id,
          title: r.title,
          text: r.text,
          labels: confirmed ? JSON.parse(r.labels) : [],
          verdict: confirmed ? 'confirmed' : 'dismissed',
          dismissReason: r.dismiss_reason ?? null,
          decidedAt: r.decided_at ?? r.updated_at,
        };
      });
    },
  };
}
