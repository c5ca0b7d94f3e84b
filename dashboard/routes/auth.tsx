import { clientAddress } from '../../api/auth/client-address.ts';
import { clearSessionCookie, sessionToken, setSessionCookie } from '../../api/auth/session.ts';
import { isAppError } from '../../domain/index.ts';
import { safePath } from '../http.ts';
import { LoginPage } from '../pages/login.tsx';
import type { DashboardRouter } from '../router.ts';

/** Login form, login and logout through the API's auth service (the same sessions as the JSON API). */
export function registerAuthPages(router: DashboardRouter): void {
  router.get('/login', 'public', (c) => {
    const t = c.get('t');
    if (c.get('user')) return c.redirect('/', 303);
    return c.render(<LoginPage t={t} failed={false} next={safePath(c.req.query('next'), '/')} />, {
      title: t('login'),
    });
  });

  router.post('/login', 'public', async (c) => {
    const t = c.get('t');
    const body = await c.req.parseBody();
    const username = typeof body.username === 'string' ? body.username.slice(0, 100) : '';
    const password = typeof body.password === 'string' ? body.password.slice(0, 200) : '';
    const next = safePath(body.next, '/');
    try {
      const services = c.get('services');
      const from = clientAddress(c, services.deps.config.login.trustProxy);
      const session = await services.auth.login(username, password, from);
      setSessionCookie(c, session.token, session.expiresAt);
      return c.redirect(session.user.role === 'liaison' && next === '/' ? '/liaison' : next, 303);
    } catch (err) {
      if (isAppError(err, 'rate_limited')) {
        const wait = (err.details as { retryAfterSeconds: number }).retryAfterSeconds;
        c.status(429);
        c.header('retry-after', String(wait));
        return c.render(
          <LoginPage t={t} failed={true} next={next} username={username} retryAfterSeconds={wait} />,
          { title: t('login') },
        );
      }
      if (!isAppError(err, 'unauthorized')) throw err;
      c.status(401);
      return c.render(<LoginPage t={t} failed={true} next={next} username={username} />, {
        title: t('login'),
      });
    }
  });

  router.post('/logout', 'public', async (c) => {
    await c.get('services').auth.logout(sessionToken(c));
    clearSessionCookie(c);
    return c.redirect('/login', 303);
  });
}
