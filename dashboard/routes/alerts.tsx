import type { Context } from 'hono';
import { alertListQuerySchema } from '../../api/schemas.ts';
import type { AlertSummary, AlertView } from '../../api/services/index.ts';
import { viewer } from '../../api/routes/viewer.ts';
import { roleHas } from '../../api/permissions.ts';
import { AppError, type Alert, type AlertStatus } from '../../domain/index.ts';
import { topScore, type ListedAlert } from '../components/bits.tsx';
import { idParam, safePath } from '../http.ts';
import type { DashboardEnv } from '../layout.tsx';
import { AlertDetailPage } from '../pages/alert-detail.tsx';
import { QueuePage, queueSorts, type QueueFilters, type QueueSort } from '../pages/queue.tsx';
import type { DashboardRouter } from '../router.ts';
import { RAW_EVIDENCE_CSP } from '../security.ts';

type Ctx = Context<DashboardEnv>;

/** A view as the pages draw it: researchers get no URL (the pages then show none). */
const asAlert = (v: AlertView): Alert => ({ ...v, url: v.url ?? '' });
const asListed = (v: AlertSummary): ListedAlert => ({ ...v, url: v.url ?? '' });

/** The queue's query string as filters; the filter form sends empty fields, which mean "any". */
function readFilters(c: Ctx): { filters: QueueFilters; cursor: string | undefined } {
  const q = c.req.query();
  const given = (name: string) => (q[name] === undefined || q[name] === '' ? undefined : q[name]);
  const day = (name: string) => {
    const value = given(name);
    if (value !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(value))
      throw new AppError('validation', `${name} must be a date (YYYY-MM-DD)`);
    return value;
  };
  const from = day('from');
  const to = day('to');
  const parsed = alertListQuerySchema.safeParse({
    status: given('status'),
    label: given('label'),
    source: given('sourceId'),
    substance: given('substance'),
    commune: given('commune'),
    minScore: given('minScore'),
    q: given('q'),
    assignee: given('assignee'),
    tag: given('tag'),
    from: from && `${from}T00:00:00.000Z`,
    to: to && `${to}T23:59:59.999Z`,
    cursor: given('cursor'),
  });
  if (!parsed.success) throw new AppError('validation', 'invalid filters', { details: parsed.error.issues });
  const p = parsed.data;
  const sort = (queueSorts as readonly string[]).includes(q.sort ?? '') ? (q.sort as QueueSort) : 'newest';
  return {
    filters: {
      status: p.status?.[0],
      label: p.label,
      sourceId: p.source,
      substance: p.substance,
      commune: p.commune,
      minScore: p.minScore,
      q: p.q,
      assignee: p.assignee === 'me' || p.assignee === 'none' ? p.assignee : undefined,
      tag: p.tag,
      from,
      to,
      sort,
    },
    cursor: p.cursor,
  };
}

/** Form values from `/?…` query strings: empty fields mean "no filter". */
function listQuery(filters: QueueFilters, cursor: string | undefined) {
  return alertListQuerySchema.parse({
    status: filters.status,
    label: filters.label,
    source: filters.sourceId,
    substance: filters.substance,
    commune: filters.commune,
    minScore: filters.minScore,
    q: filters.q,
    assignee: filters.assignee,
    tag: filters.tag,
    from: filters.from && `${filters.from}T00:00:00.000Z`,
    to: filters.to && `${filters.to}T23:59:59.999Z`,
    // The store orders by priority across the whole queue; "score" only reorders the page shown.
    sort: filters.sort === 'priority' ? 'priority' : 'newest',
    cursor,
  });
}

function sortPage(alerts: ListedAlert[], sort: QueueSort): ListedAlert[] {
  if (sort === 'score') return [...alerts].sort((a, b) => topScore(b.scores) - topScore(a.scores));
  return alerts;
}

const currentPath = (c: Ctx) => {
  const url = new URL(c.req.url);
  url.searchParams.delete('msg');
  return url.pathname + url.search;
};

async function queuePage(c: Ctx) {
  const user = viewer(c);
  if (user.role === 'liaison') return c.redirect('/liaison', 303);
  const t = c.get('t');
  const services = c.get('services');
  const { filters, cursor } = readFilters(c);
  const query = listQuery(filters, cursor);
  const [page, counts, sources] = await Promise.all([
    services.alerts.list(user, query),
    services.alerts.counts(user, query),
    services.sources.list(user),
  ]);
  return c.render(
    <QueuePage
      t={t}
      alerts={sortPage(page.items.map(asListed), filters.sort)}
      counts={counts}
      filters={filters}
      sources={sources.map((s) => ({ id: s.id, name: s.name }))}
      nextCursor={page.nextCursor}
      back={currentPath(c)}
      canTriage={roleHas(user.role, 'alerts:triage')}
    />,
    { title: t('alerts') },
  );
}

/** Statuses this viewer may move an alert to from where it is now. */
function transitionsFor(role: Parameters<typeof roleHas>[0], status: AlertStatus): AlertStatus[] {
  const out: AlertStatus[] = [];
  const triage = roleHas(role, 'alerts:triage');
  if (triage && (status === 'new' || status === 'dismissed' || status === 'confirmed')) out.push('in_review');
  if (triage && (status === 'new' || status === 'in_review')) out.push('confirmed');
  if (triage && (status === 'new' || status === 'in_review' || status === 'confirmed')) out.push('dismissed');
  if (triage && status === 'in_review') out.push('new');
  if (roleHas(role, 'alerts:escalate') && status === 'confirmed') out.push('escalated');
  if (roleHas(role, 'alerts:acknowledge') && status === 'escalated') out.push('acknowledged');
  return out;
}

async function detailPage(c: Ctx) {
  const user = viewer(c);
  const t = c.get('t');
  const services = c.get('services');
  const detail = await services.alerts.get(user, idParam(c));
  // Researchers see who did what as ids only; the others see usernames.
  const userNames =
    user.role === 'researcher'
      ? {}
      : Object.fromEntries((await services.users.list()).map((u) => [u.id, u.username]));
  const alert = asAlert(detail.alert);
  const latest = detail.listing?.versions.at(-1) ?? null;
  const back = safePath(c.req.query('back'), user.role === 'liaison' ? '/liaison' : '/');
  const related = (
    items: { listingId: string; alertId: string | null; title: string; sourceId?: string }[],
  ) =>
    items.map((r) => ({
      listingId: r.listingId,
      alertId: r.alertId,
      title: r.title,
      sourceId: r.sourceId ?? '',
      url: '',
    }));
  return c.render(
    <AlertDetailPage
      t={t}
      alert={alert}
      listing={{ title: alert.title, text: detail.listing?.text ?? '', fields: detail.listing?.fields ?? {} }}
      highlight={!detail.alert.pseudonymised}
      contactsVisible={!detail.alert.pseudonymised}
      evidence={latest?.evidence ? { raw: true, screenshot: latest.evidence.hasScreenshot } : null}
      actor={
        detail.actor
          ? {
              id: detail.actor.id,
              label: detail.actor.id,
              listings: related(detail.actor.listings.filter((l) => l.listingId !== alert.listingId)),
            }
          : null
      }
      group={related((detail.group?.copies ?? []).filter((l) => l.listingId !== alert.listingId))}
      priority={detail.priority}
      history={detail.history}
      comments={detail.comments}
      userNames={userNames}
      transitions={transitionsFor(user.role, alert.status)}
      canComment={roleHas(user.role, 'alerts:comment')}
      canTriage={roleHas(user.role, 'alerts:triage')}
      viewerId={user.id}
      canSeeActor={roleHas(user.role, 'actors:read')}
      back={back}
    />,
    { title: alert.title.slice(0, 80) },
  );
}

/** Alert queue and detail pages, and the evidence behind an alert (raw snapshot as text, screenshot). */
export function registerAlertPages(router: DashboardRouter): void {
  router.get('/', 'alerts:read', queuePage);
  router.get('/alerts/:id', 'alerts:read', detailPage);

  router.get('/alerts/:id/evidence/raw', 'evidence:read', async (c) => {
    const snapshot = await c.get('services').alerts.evidence(viewer(c), idParam(c));
    // Plain text, never rendered: a crawled page in a frame would still try to fetch its images and
    // styles. The frame is sandboxed and the CSP lets nothing load, in case a browser sniffs anyway.
    return c.body(snapshot.html.slice(0, 2_000_000), 200, {
      'content-type': 'text/plain; charset=utf-8',
      'content-security-policy': RAW_EVIDENCE_CSP,
      'x-frame-options': 'SAMEORIGIN',
      'cache-control': 'no-store',
    });
  });

  router.get('/alerts/:id/evidence/screenshot', 'evidence:read', async (c) => {
    const png = await c.get('services').alerts.screenshot(viewer(c), idParam(c));
    return c.body(png as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'image/png',
      'content-security-policy': "default-src 'none'; frame-ancestors 'self'",
      'cache-control': 'no-store',
    });
  });
}
