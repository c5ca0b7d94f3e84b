import type { Alert, AlertComment, AlertHistoryEntry } from '../../domain/index.ts';
import { explainPriority, type PriorityExplanation } from '../../domain/priority.ts';
import { LIAISON_STATUSES, presenterFor, type AlertView } from './alert-views.ts';
import type { ServiceDeps, Viewer } from './context.ts';

export interface AlertDetail {
  alert: AlertView;
  listing: {
    text: string;
    fields: Record<string, string>;
    postedAt: string | null;
    status: string;
    versions: {
      version: number;
      title: string;
      createdAt: string;
      evidence: { sha256: string; hasScreenshot: boolean } | null;
    }[];
  } | null;
  priority: PriorityExplanation;
  actor: {
    id: string;
    contacts: AlertView['contacts'];
    listings: { listingId: string; alertId: string | null; title: string }[];
  } | null;
  group: {
    id: string;
    copies: { listingId: string; alertId: string | null; title: string; sourceId: string }[];
  } | null;
  history: AlertHistoryEntry[];
  comments: AlertComment[];
}

/** Everything the alert page shows, shaped for the viewer (liaison: escalated copies only; researcher: pseudonyms). */
export async function alertDetail(deps: ServiceDeps, viewer: Viewer, alert: Alert): Promise<AlertDetail> {
  const { store, now, pseudonymKey } = deps;
  const present = presenterFor(viewer, pseudonymKey);
  const [listing, versions, actor, group, history, comments] = await Promise.all([
    store.listings.get(alert.listingId),
    store.listings.versions(alert.listingId),
    store.actors.getByListing(alert.listingId),
    store.groups.getByListing(alert.listingId),
    store.alerts.history(alert.id),
    store.comments.list(alert.id),
  ]);
  const related = async (listingIds: string[]) => {
    const ids = listingIds.slice(0, 50);
    const alerts = ids.length ? (await store.alerts.list({ listingIds: ids }, { limit: 50 })).items : [];
    const byListing = new Map(alerts.map((a) => [a.listingId, a]));
    const visible =
      viewer.role === 'liaison'
        ? (a: Alert | undefined) => a !== undefined && LIAISON_STATUSES.includes(a.status)
        : () => true;
    return Promise.all(
      ids
        .filter((lid) => visible(byListing.get(lid)))
        .map(async (lid) => {
          const a = byListing.get(lid);
          const l = a ? null : await store.listings.get(lid);
          return {
            listingId: lid,
            alertId: a?.id ?? null,
            title: present.text(a?.title ?? l?.title ?? '', alert.contacts),
            sourceId: a?.sourceId ?? l?.sourceId ?? '',
          };
        }),
    );
  };
  return {
    alert: present.alert(alert),
    listing: listing && {
      text: present.text(listing.text, alert.contacts),
      fields: present.pseudonymise ? {} : listing.fields,
      postedAt: listing.postedAt,
      status: listing.status,
      versions: versions.map((v) => ({
        version: v.version,
        title: present.text(v.title, alert.contacts),
        createdAt: v.createdAt,
        evidence: present.pseudonymise
          ? null
          : { sha256: v.evidence.sha256, hasScreenshot: v.evidence.screenshotSha256 !== null },
      })),
    },
    priority: explainPriority(alert, listing?.postedAt ?? null, actor?.listingIds.length ?? 1, now()),
    actor: actor && {
      id: actor.id,
      contacts: present.contacts(actor.contacts),
      listings: (await related(actor.listingIds)).map(({ sourceId: _s, ...r }) => r),
    },
    group:
      group && group.listingIds.length > 1 ? { id: group.id, copies: await related(group.listingIds) } : null,
    history: present.history(history),
    // Comments are free text that may name a colleague or quote a contact: researchers see none.
    comments: present.pseudonymise ? [] : comments,
  };
}
