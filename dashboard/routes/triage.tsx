import type { Context } from 'hono';
import { viewer } from '../../api/routes/viewer.ts';
import { triageStatusSchema } from '../../api/schemas.ts';
import { AppError, dismissReasonSchema } from '../../domain/index.ts';
import { formAction, formValues, idParam, safePath } from '../http.ts';
import type { DashboardEnv } from '../layout.tsx';
import type { DashboardRouter } from '../router.ts';

type Ctx = Context<DashboardEnv>;

/** After a status change: back to the queue or inbox it came from, else to the alert itself. */
function statusRoute(c: Ctx, back: string) {
  return back === '/' || back.startsWith('/?') || back.startsWith('/liaison')
    ? back
    : `/alerts/${encodeURIComponent(idParam(c))}`;
}

function version(value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new AppError('validation', 'version must be a positive integer');
  return n;
}

/** The triage forms behind the queue's keys and the alert page's buttons: each calls one service method. */
export function registerTriageForms(router: DashboardRouter): void {
  router.post('/alerts/:id/triage', 'alerts:triage', async (c) => {
    const form = await formValues(c);
    const back = statusRoute(c, safePath(form.get('back'), '/'));
    return formAction(c, back, async () => {
      const status = triageStatusSchema.safeParse(form.get('status'));
      const reason = dismissReasonSchema.safeParse(form.get('reason'));
      if (!status.success) throw new AppError('validation', 'unknown status');
      await c.get('services').alerts.update(viewer(c), idParam(c), {
        version: version(form.get('version')),
        status: status.data,
        ...(status.data === 'dismissed' ? { dismissReason: reason.success ? reason.data : 'other' } : {}),
      });
      return 'saved';
    });
  });

  router.post('/alerts/:id/assign', 'alerts:triage', async (c) => {
    const form = await formValues(c);
    const id = idParam(c);
    return formAction(c, `/alerts/${encodeURIComponent(id)}`, async () => {
      const assignee = form.get('assignee') || null;
      await c
        .get('services')
        .alerts.update(viewer(c), id, { version: version(form.get('version')), assignee });
      return 'saved';
    });
  });

  router.post('/alerts/:id/tags', 'alerts:triage', async (c) => {
    const form = await formValues(c);
    const id = idParam(c);
    return formAction(c, `/alerts/${encodeURIComponent(id)}`, async () => {
      const tags = [
        ...new Set(
          (form.get('tags') ?? '')
            .split(',')
            .map((tag) => tag.trim())
            .filter(Boolean),
        ),
      ];
      if (tags.length > 20 || tags.some((tag) => tag.length > 40))
        throw new AppError('validation', 'at most 20 tags of 40 characters');
      await c.get('services').alerts.update(viewer(c), id, { version: version(form.get('version')), tags });
      return 'saved';
    });
  });

  router.post('/alerts/:id/escalate', 'alerts:escalate', async (c) => {
    const form = await formValues(c);
    const back = statusRoute(c, safePath(form.get('back'), '/'));
    return formAction(c, back, async () => {
      await c
        .get('services')
        .alerts.escalate(viewer(c), idParam(c), { version: version(form.get('version')) });
      return 'saved';
    });
  });

  router.post('/alerts/:id/acknowledge', 'alerts:acknowledge', async (c) => {
    const form = await formValues(c);
    const back = statusRoute(c, safePath(form.get('back'), '/liaison'));
    return formAction(c, back, async () => {
      await c
        .get('services')
        .alerts.acknowledge(viewer(c), idParam(c), { version: version(form.get('version')) });
      return 'saved';
    });
  });

  router.post('/alerts/:id/comments', 'alerts:comment', async (c) => {
    const form = await formValues(c);
    const id = idParam(c);
    return formAction(c, `/alerts/${encodeURIComponent(id)}`, async () => {
      const body = (form.get('body') ?? '').trim();
      if (!body || body.length > 5000)
        throw new AppError('validation', 'a comment needs 1 to 5000 characters');
      await c.get('services').alerts.comment(viewer(c), id, body);
      return 'saved';
    });
  });

  router.post('/alerts/bulk', 'alerts:triage', async (c) => {
    const form = await formValues(c);
    const back = safePath(form.get('back'), '/');
    return formAction(c, back, async () => {
      const items = form
        .all('ids')
        .slice(0, 200)
        .map((v) => {
          const cut = v.lastIndexOf(':');
          return { id: v.slice(0, cut), version: version(v.slice(cut + 1)) };
        });
      if (items.length === 0) throw new AppError('validation', 'select at least one alert');
      const user = viewer(c);
      const services = c.get('services');
      const action = form.get('status');
      if (action === 'escalated') {
        const results = await Promise.allSettled(
          items.map((i) => services.alerts.escalate(user, i.id, { version: i.version })),
        );
        return results.every((r) => r.status === 'fulfilled') ? 'saved' : 'conflict';
      }
      const status = triageStatusSchema.safeParse(action);
      if (!status.success) throw new AppError('validation', 'unknown status');
      const reason = dismissReasonSchema.safeParse(form.get('reason'));
      const results = await services.alerts.bulk(user, {
        items,
        status: status.data,
        ...(status.data === 'dismissed' ? { dismissReason: reason.success ? reason.data : 'other' } : {}),
      });
      return results.every((r) => r.ok) ? 'saved' : 'conflict';
    });
  });
}
