import { z } from 'zod';
import type { AlertStatus } from './alert.ts';
import type { Contact } from './signal.ts';

/** Why an analyst dismissed an alert (the short list the dashboard offers). */
export const dismissReasonSchema = z.enum([
  'legal_product',
  'not_brussels',
  'duplicate',
  'not_drug_signal',
  'other',
]);
export type DismissReason = z.infer<typeof dismissReasonSchema>;

/** One change to an alert: who, when, from what to what. */
export interface AlertHistoryEntry {
  id: string;
  alertId: string;
  /** User id, or null for the pipeline (re-crawls, re-opening). */
  actorUserId: string | null;
  /** What changed: status, assignee, tags, scores, reopen, comment… */
  field: string;
  from: unknown;
  to: unknown;
  note: string | null;
  at: string;
}

export interface AlertComment {
  id: string;
  alertId: string;
  userId: string;
  body: string;
  createdAt: string;
}

/** A security-relevant action: logins, raw evidence views, escalations, user and source changes. */
export interface AuditEntry {
  id: string;
  userId: string | null;
  action: string;
  /** What the action was about, e.g. `alert:ID`, `user:ID`, `source:ID`. */
  target: string | null;
  details: Record<string, unknown>;
  at: string;
}

/** A seller: listings linked through shared normalised contacts. */
export interface Actor {
  id: string;
  contacts: Contact[];
  listingIds: string[];
  firstSeenAt: string;
  lastSeenAt: string;
}

/** Near-duplicate listings (reposts across pages and sources) shown once. */
export interface ListingGroup {
  id: string;
  listingIds: string[];
  createdAt: string;
}

/** A login session; only the SHA-256 of the cookie token is stored. */
export interface Session {
  tokenHash: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
}

/** Status changes the workflow allows (analyst/liaison permissions are checked separately). */
export const ALERT_TRANSITIONS: Record<AlertStatus, readonly AlertStatus[]> = {
  new: ['in_review', 'confirmed', 'dismissed'],
  in_review: ['confirmed', 'dismissed', 'new'],
  confirmed: ['escalated', 'in_review', 'dismissed'],
  dismissed: ['in_review'],
  escalated: ['acknowledged'],
  acknowledged: [],
};

/** Whether the workflow allows going from `from` to `to`. */
export function canTransition(from: AlertStatus, to: AlertStatus): boolean {
  return ALERT_TRANSITIONS[from].includes(to);
}
