import type { Actor, Alert, AlertHistoryEntry, AlertStatus, Contact } from '../../domain/index.ts';
import type { Viewer } from './context.ts';
import { pseudonym } from './pseudonyms.ts';

/** What liaison officers may see: only what analysts escalated. */
export const LIAISON_STATUSES: readonly AlertStatus[] = ['escalated', 'acknowledged'];

/** An alert as a viewer may see it: researchers get pseudonyms, no URL and no contact values. */
export type AlertView = Omit<Alert, 'url'> & { url: string | null; pseudonymised: boolean };

/** An alert as lists show it: the view without its explanation, which only the detail page draws. */
export type AlertSummary = Omit<AlertView, 'explanation'>;

/** Viewer-dependent shaping of alerts, actors and texts. */
export interface Presenter {
  readonly pseudonymise: boolean;
  alert(alert: Alert): AlertView;
  summary(alert: Alert): AlertSummary;
  contacts(contacts: Contact[]): Contact[];
  /** The text with every known contact value replaced by its pseudonym (researchers only). */
  text(text: string, contacts: Contact[]): string;
  actor(actor: Actor): Actor;
  /** A colleague's user id as this viewer may see it: researchers get a stable `user-…` pseudonym. */
  user(id: string): string;
  /**
   * History with people pseudonymised for researchers (who did it, assignees from and to), and
   * people's notes dropped: free text may name a colleague or quote a contact.
   */
  history(entries: AlertHistoryEntry[]): AlertHistoryEntry[];
}

/** History fields whose from/to values are user ids. */
const USER_FIELDS = new Set(['assignee']);

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
  const user = (id: string) => (pseudonymise ? pseudonym(key, 'user', id) : id);
  const userValue = (v: unknown) => (typeof v === 'string' ? user(v) : v);
  const view = (alert: Alert): AlertView => ({
    ...alert,
    url: pseudonymise ? null : alert.url,
    title: text(alert.title, alert.contacts),
    contacts: contacts(alert.contacts),
    assignee: alert.assignee && user(alert.assignee),
    pseudonymised: pseudonymise,
  });
  return {
    pseudonymise,
    contacts,
    text,
    alert: view,
    summary(alert) {
      const { explanation: _explanation, ...summary } = view(alert);
      return summary;
    },
    actor(actor) {
      return { ...actor, contacts: contacts(actor.contacts) };
    },
    user,
    history(entries) {
      if (!pseudonymise) return entries;
      return entries.map((e) => ({
        ...e,
        actorUserId: e.actorUserId && user(e.actorUserId),
        from: USER_FIELDS.has(e.field) ? userValue(e.from) : e.from,
        to: USER_FIELDS.has(e.field) ? userValue(e.to) : e.to,
        note: e.actorUserId ? null : e.note,
      }));
    },
  };
}
