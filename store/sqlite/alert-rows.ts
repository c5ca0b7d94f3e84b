import type { Alert, AlertCandidate, AlertHistoryEntry } from '../../domain/index.ts';

/** Migration: triage columns, the higher score for range filters, and the alerts' history. */
export const alertsTriageMigrationSql = `
ALTER TABLE alerts ADD COLUMN dismiss_reason TEXT;
ALTER TABLE alerts ADD COLUMN group_id TEXT;
ALTER TABLE alerts ADD COLUMN duplicate_of TEXT;
ALTER TABLE alerts ADD COLUMN decided_at TEXT;
ALTER TABLE alerts ADD COLUMN score_max REAL GENERATED ALWAYS AS (max(score_market, score_production)) VIRTUAL;
CREATE INDEX alerts_by_group ON alerts (group_id, created_at, id);
CREATE INDEX alerts_by_assignee ON alerts (assignee, created_at DESC, id DESC);
CREATE INDEX alerts_heads_newest ON alerts (created_at DESC, id DESC) WHERE duplicate_of IS NULL;
CREATE INDEX alerts_heads_by_status ON alerts (status, created_at DESC, id DESC) WHERE duplicate_of IS NULL;
CREATE TABLE alert_history (
  id TEXT PRIMARY KEY,
  alert_id TEXT NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  user_id TEXT,
  field TEXT NOT NULL,
  from_value TEXT,
  to_value TEXT,
  note TEXT,
  at TEXT NOT NULL
);
CREATE INDEX alert_history_by_alert ON alert_history (alert_id, at, id);`;

/** Migration: the queue by priority (reposts hidden, as the queue shows them by default). */
export const alertsPriorityMigrationSql = `
CREATE INDEX alerts_heads_by_priority ON alerts (priority DESC, created_at DESC, id DESC) WHERE duplicate_of IS NULL;
CREATE INDEX alerts_by_priority ON alerts (priority DESC, created_at DESC, id DESC);`;

/** Statuses that carry an analyst's verdict. */
export const CONFIRMED_STATUSES = ['confirmed', 'escalated', 'acknowledged'];

export interface AlertRow {
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
  dismiss_reason: Alert['dismissReason'];
  group_id: string | null;
  duplicate_of: string | null;
}

export interface HistoryRow {
  id: string;
  alert_id: string;
  user_id: string | null;
  field: string;
  from_value: string | null;
  to_value: string | null;
  note: string | null;
  at: string;
}

/** A history entry from its row. */
export const toHistory = (r: HistoryRow): AlertHistoryEntry => ({
  id: r.id,
  alertId: r.alert_id,
  actorUserId: r.user_id,
  field: r.field,
  from: r.from_value === null ? null : JSON.parse(r.from_value),
  to: r.to_value === null ? null : JSON.parse(r.to_value),
  note: r.note,
  at: r.at,
});

/** An alert from its row (JSON columns parsed). */
export function toAlert(r: AlertRow): Alert {
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
    dismissReason: r.dismiss_reason ?? null,
    groupId: r.group_id,
    duplicateOf: r.duplicate_of,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The columns toAlert reads, in the order listRow expects them. */
export const LIST_COLUMNS = Object.keys({
  id: 0,
  listing_id: 0,
  source_id: 0,
  listing_version: 0,
  title: 0,
  url: 0,
  labels: 0,
  score_market: 0,
  score_production: 0,
  substances: 0,
  commune: 0,
  contacts: 0,
  explanation: 0,
  model_version: 0,
  priority: 0,
  status: 0,
  assignee: 0,
  tags: 0,
  version: 0,
  created_at: 0,
  updated_at: 0,
  dismiss_reason: 0,
  group_id: 0,
  duplicate_of: 0,
} satisfies Record<keyof AlertRow, number>) as (keyof AlertRow)[];

/**
 * An alert from a raw row (an array in LIST_COLUMNS order): for list pages, where building one
 * named-column object per row before the Alert itself doubled the cost of a page.
 */
export function listRow(r: unknown[]): Alert {
  const row = {} as Record<keyof AlertRow, unknown>;
  LIST_COLUMNS.forEach((column, i) => (row[column] = r[i]));
  return toAlert(row as unknown as AlertRow);
}

/** Named parameters for the columns a classification sets, shared by insert and update. */
export function scoreParams(c: AlertCandidate) {
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
