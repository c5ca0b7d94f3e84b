import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { LOCALE_COOKIE } from './i18n.ts';
import type { DashboardEnv } from './layout.tsx';
import { safePath } from './http.ts';
import { createRouter } from './router.ts';
import { registerAlertPages } from './routes/alerts.tsx';
import { registerAuthPages } from './routes/auth.tsx';
import { renderErrorPage } from './routes/errors.tsx';
import { registerOtherPages } from './routes/other.tsx';
import { registerTriageForms } from './routes/triage.tsx';
import { createStaticAssets } from './static.ts';

export type { DashboardEnv } from './layout.tsx';
export { PAGE_CSP, RAW_EVIDENCE_CSP } from './security.ts';

/**
 * The server-rendered dashboard, mounted by `createApp` at `/` after its session middleware (which
 * sets `user` and `services`). Every page calls the same services as the JSON API.
 */
export function createDashboard(): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  app.route('/', createStaticAssets());
  const router = createRouter(app);

  router.post('/lang', 'public', async (c) => {
    const body = await c.req.parseBody();
    const lang = body.lang === 'en' ? 'en' : 'fr';
    setCookie(c, LOCALE_COOKIE, lang, {
      path: '/',
      sameSite: 'Strict',
      httpOnly: true,
      maxAge: 365 * 24 * 3600,
    });
    return c.redirect(safePath(body.next, '/'), 303);
  });
  registerAuthPages(router);
  registerAlertPages(router);
  registerTriageForms(router);
  registerOtherPages(router);
  app.onError((err, c) => renderErrorPage(err, c));
  return app;
}
