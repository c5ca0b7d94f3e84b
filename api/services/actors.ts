import { AppError, type Actor } from '../../domain/index.ts';
import type { AlertSummary } from './alert-views.ts';
import { presenterFor } from './alert-views.ts';
import type { ServiceDeps, Viewer } from './context.ts';

export interface ActorDetail {
  actor: Actor;
  /** The actor's listings, oldest first: the timeline. */
  timeline: {
    listingId: string;
    title: string;
    sourceId: string;
    firstSeenAt: string;
    alert: AlertSummary | null;
  }[];
}

export interface ActorService {
  list(
    viewer: Viewer,
    page: { limit: number; cursor?: string },
  ): Promise<{ items: Actor[]; nextCursor: string | null }>;
  get(viewer: Viewer, id: string): Promise<ActorDetail>;
}

/** Actors (sellers linked by shared contacts) with their timeline; pseudonymised for researchers. */
export function createActorService(deps: ServiceDeps): ActorService {
  const { store, pseudonymKey } = deps;
  return {
    async list(viewer, page) {
      const result = await store.actors.list({ limit: page.limit, cursor: page.cursor ?? null });
      const present = presenterFor(viewer, pseudonymKey);
      return { items: result.items.map((a) => present.actor(a)), nextCursor: result.nextCursor };
    },
    async get(viewer, id) {
      const actor = await store.actors.get(id);
      if (!actor) throw new AppError('not_found', `no actor ${id}`);
      const present = presenterFor(viewer, pseudonymKey);
      const ids = actor.listingIds.slice(-200);
      const alerts = ids.length ? (await store.alerts.list({ listingIds: ids }, { limit: 200 })).items : [];
      const byListing = new Map(alerts.map((a) => [a.listingId, a]));
      const timeline = await Promise.all(
        ids.map(async (listingId) => {
          const listing = await store.listings.get(listingId);
          const alert = byListing.get(listingId);
          return {
            listingId,
            title: present.text(listing?.title ?? alert?.title ?? '', actor.contacts),
            sourceId: listing?.sourceId ?? alert?.sourceId ?? '',
            firstSeenAt: listing?.firstSeenAt ?? alert?.createdAt ?? '',
            alert: alert ? present.summary(alert) : null,
          };
        }),
      );
      timeline.sort((a, b) => a.firstSeenAt.localeCompare(b.firstSeenAt));
      return { actor: present.actor(actor), timeline };
    },
  };
}
