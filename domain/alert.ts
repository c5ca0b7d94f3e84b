import { z } from 'zod';
import type { Classification, Contact, ExplanationItem, SignalLabel } from './signal.ts';
import type { DismissReason } from './triage.ts';

export const alertStatusSchema = z.enum([
  'new',
  'in_review',
  'confirmed',
  'dismissed',
  'escalated',
  'acknowledged',
]);
export type AlertStatus = z.infer<typeof alertStatusSchema>;

/** An alert: one per listing, updated by re-crawls, triaged by analysts. */
export interface Alert {
  id: string;
  listingId: string;
  sourceId: string;
  /** The listing version the scores come from. */
  listingVersion: number;
  title: string;
  url: string;
  labels: SignalLabel[];
  scores: { market: number; production: number };
  substances: string[];
  commune: string | null;
  contacts: Contact[];
  explanation: ExplanationItem[];
  modelVersion: string;
  priority: number;
  status: AlertStatus;
  assignee: string | null;
  tags: string[];
  /** Set while the alert is dismissed. */
  dismissReason?: DismissReason | null;
  /** Group of near-duplicate listings (reposts) this alert's listing belongs to. */
  groupId?: string | null;
  /** The first alert of the same group when this one is a repost, shown with it instead of on its own. */
  duplicateOf?: string | null;
  /** Optimistic concurrency: every update must name the version it read. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** What the pipeline hands the alert store after classifying a new or changed listing version. */
export interface AlertCandidate {
  listingId: string;
  sourceId: string;
  listingVersion: number;
  title: string;
  url: string;
  classification: Classification;
  priority: number;
}
