import type { Actor, Alert, AlertStatus, Contact } from '../../domain/index.ts';
import type { Viewer } from './context.ts';
import { pseudonym } from './pseudonyms.ts';

/** What liaison officers may see: only what analysts escalated. */
export const LIAISON_STATUSES: readonly AlertStatus[] = ['escalated', 'acknowledged'];

/** An alert as a viewer may see it: researchers get pseudonyms, no URL and no contact values. */
export type AlertView = Omit<Alert, 'url'> & { url: string | null; pseudonymised: boolean };

/** How the priority comes about, factor by factor, for the alert page. */
export interface PriorityExplanation {
  score: number;
  factors: { factor: string; points: number; detail: string }[];
}

/** Viewer-dependent shaping of alerts, actors and texts. */
export interface Presenter {
  readonly pseudonymise: boolean;
  alert(alert: Alert): AlertView;
  contacts(contacts: Contact[]): Contact[];
  /** The text with every known contact value replaced by its pseudonym (researchers only). */
  text(text: string, contacts: Contact[]): string;
  actor(actor: Actor): Actor;
}

/** The presenter for one viewer. */
export function presenterFor(viewer: Viewer, key: Buffer): Presenter {
  const pseudonymise = viewer.role === 'researcher';
  const mask = (c: Contact): Contact => {
    const p = pseudonym(key, c.type, c.normalized);
    return { type: c.type, value: p, normalized: p };
  };
  const contacts = (list: Contact[]) => (pseudonymise ? list.map(mask) : list);
  const text = (value: string, list: Contact[]) => {
    if (!pseudonymise) return value;
    let out = value;
    // Longest first, so a value that contains another is replaced whole.
    for (const c of [...list].sort((a, b) => b.value.length - a.value.length)) {
      if (c.value.length >= 3) out = out.split(c.value).join(mask(c).value);
    }
    return out;
  };
  return {
    pseudonymise,
    contacts,
    text,
    alert(alert) {
      return {
        ...alert,
        url: pseudonymise ? null : alert.url,
        title: text(alert.title, alert.contacts),
        contacts: contacts(alert.contacts),
        assignee: pseudonymise && alert.assignee ? pseudonym(key, 'user', alert.assignee) : alert.assignee,
        pseudonymised: pseudonymise,
      };
    },
    actor(actor) {
      return { ...actor, contacts: contacts(actor.contacts) };
    },
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Priority (0–100) explained factor by factor: the pipeline's base (jobs/priority.ts: the strongest
 * score with production weighing 1.15×, a Brussels commune, freshness of the ad) plus the actor's
 * history (other listings of the same seller), which the pipeline cannot know when it scores one ad.
 */
export function explainPriority(
  alert: Alert,
  postedAt: string | null,
  actorListings: number,
  now: Date,
): PriorityExplanation {
  const { market, production } = alert.scores;
  const factors: PriorityExplanation['factors'] = [];
  const productionLeads = production * 1.15 > market;
  factors.push({
    factor: productionLeads ? 'production_score' : 'market_score',
    points: Math.round(Math.max(market, production * 1.15) * 70),
    detail: productionLeads
      ? `production score ${production.toFixed(2)} (production sites weigh 1.15×)`
      : `market score ${market.toFixed(2)}`,
  });
  if (alert.commune)
    factors.push({ factor: 'brussels_commune', points: 15, detail: `located in ${alert.commune}` });
  const posted = postedAt ? Date.parse(postedAt) : Number.NaN;
  const ageDays = Number.isNaN(posted) ? 7 : Math.max(0, (now.getTime() - posted) / DAY_MS);
  const fresh = Math.round(15 * Math.max(0, 1 - ageDays / 14));
  if (fresh > 0) {
    factors.push({
      factor: 'recency',
      points: fresh,
      detail: Number.isNaN(posted)
        ? 'posting date unknown (counted as a week old)'
        : `posted ${ageDays.toFixed(1)} days ago`,
    });
  }
  if (actorListings > 1) {
    factors.push({
      factor: 'actor_history',
      points: Math.min(15, (actorListings - 1) * 5),
      detail: `the same seller has ${actorListings - 1} other listing(s)`,
    });
  }
  const score = Math.min(
    100,
    factors.reduce((sum, f) => sum + f.points, 0),
  );
  return { score, factors };
}
