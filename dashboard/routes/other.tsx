import { viewer } from '../../api/routes/viewer.ts';
import { roleHas } from '../../api/permissions.ts';
import type { AlertSummary } from '../../api/services/index.ts';
import type { ListedAlert } from '../components/bits.tsx';
import { formAction, formValues, idParam } from '../http.ts';
import { ActorPage } from '../pages/actor.tsx';
import { LiaisonPage } from '../pages/liaison.tsx';
import { SourcesPage } from '../pages/sources.tsx';
import type { DashboardRouter } from '../router.ts';
import { alertListQuerySchema } from '../../api/schemas.ts';

const asListed = (v: AlertSummary): ListedAlert => ({ ...v, url: v.url ?? '' });

/** Liaison inbox, actor page and sources page, with the source actions (run now, pause). */
export function registerOtherPages(router: DashboardRouter): void {
  router.get('/liaison', 'alerts:acknowledge', async (c) => {
    const user = viewer(c);
    const t = c.get('t');
    const page = await c
      .get('services')
      .alerts.list(user, alertListQuerySchema.parse({ status: 'escalated,acknowledged', limit: 200 }));
    // Still to acknowledge first, then the most recently changed.
    const alerts = page.items
      .map(asListed)
      .sort(
        (a, b) =>
          Number(b.status === 'escalated') - Number(a.status === 'escalated') ||
          b.updatedAt.localeCompare(a.updatedAt),
      );
    return c.render(
      <LiaisonPage t={t} alerts={alerts} canAcknowledge={roleHas(user.role, 'alerts:acknowledge')} />,
      {
        title: t('liaisonInbox'),
      },
    );
  });

  router.get('/actors/:id', 'actors:read', async (c) => {
    const user = viewer(c);
    const t = c.get('t');
    const { actor, timeline } = await c.get('services').actors.get(user, idParam(c));
    const pseudonymised = user.role === 'researcher';
    return c.render(
      <ActorPage
        t={t}
        label={actor.id}
        contacts={pseudonymised ? null : actor.contacts}
        firstSeenAt={actor.firstSeenAt}
        lastSeenAt={actor.lastSeenAt}
        listings={timeline.map((l) => ({
          listingId: l.listingId,
          title: l.title,
          sourceId: l.sourceId,
          firstSeenAt: l.firstSeenAt,
          url: l.alert?.url ?? '',
          alertId: l.alert?.id ?? null,
        }))}
      />,
      { title: `${t('actor')} ${actor.id}` },
    );
  });

  router.get('/sources', 'sources:read', async (c) => {
    const user = viewer(c);
    const t = c.get('t');
    const services = c.get('services');
    const list = await services.sources.list(user);
    const rows = await Promise.all(
      list.map(async (s) => {
        const full = await services.sources.get(user, s.id);
        return { id: s.id, name: s.name, kind: s.kind, paused: s.paused, runs: full.runs.slice(0, 5) };
      }),
    );
    return c.render(<SourcesPage t={t} sources={rows} canManage={roleHas(user.role, 'sources:manage')} />, {
      title: t('sources'),
    });
  });

  router.post('/sources/:id/run', 'sources:manage', async (c) =>
    formAction(c, '/sources', async () => {
      const { enqueued } = await c.get('services').sources.runNow(viewer(c), idParam(c));
      return enqueued ? 'enqueued' : 'notEnqueued';
    }),
  );

  router.post('/sources/:id/pause', 'sources:manage', async (c) => {
    const form = await formValues(c);
    return formAction(c, '/sources', async () => {
      await c.get('services').sources.setPaused(viewer(c), idParam(c), form.get('paused') === 'true');
      return 'saved';
    });
  });
}
