import type { Context } from 'hono';
import { isAppError } from '../../domain/index.ts';
import { pickLocale, translator } from '../i18n.ts';
import type { DashboardEnv } from '../layout.tsx';
import { LoginPage } from '../pages/login.tsx';

/**
 * Expected failures as pages: no session → the login form with 401 (it posts back to where the
 * user was going), forbidden → 403, unknown id → 404, bad input → 400. Anything else is rethrown
 * so the API's error handler logs it and answers a 500 that leaks nothing.
 */
export function renderErrorPage(err: Error, c: Context<DashboardEnv>): Response | Promise<Response> {
  if (!isAppError(err)) throw err;
  if (!c.get('t')) {
    const locale = pickLocale(c);
    c.set('locale', locale);
    c.set('t', translator(locale));
  }
  const t = c.get('t');
  if (err.code === 'unauthorized') {
    c.status(401);
    const next = c.req.method === 'GET' ? c.req.path + (new URL(c.req.url).search || '') : '/';
    return c.render(<LoginPage t={t} failed={false} next={next} />, { title: t('login') });
  }
  const map = {
    forbidden: [403, 'forbidden'],
    not_found: [404, 'notFound'],
    validation: [400, 'invalid'],
  } as const;
  const hit = err.code in map ? map[err.code as keyof typeof map] : null;
  if (!hit) throw err;
  c.status(hit[0]);
  return c.render(
    <section class="card">
      <h1 data-testid="error-title">{t(hit[1])}</h1>
      <p>
        <a href="/">{t('navQueue')}</a>
      </p>
    </section>,
    { title: t(hit[1]) },
  );
}
