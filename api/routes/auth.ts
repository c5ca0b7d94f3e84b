import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { clientAddress } from '../auth/client-address.ts';
import { clearSessionCookie, sessionToken, setSessionCookie } from '../auth/session.ts';
import type { AppEnv } from '../env.ts';
import { errorSchema, loginSchema, sessionUserSchema } from '../schemas.ts';
import { defineRoute, json } from './define.ts';
import { viewer } from './viewer.ts';

const routes = {
  health: defineRoute('public', {
    method: 'get',
    path: '/healthz',
    summary: 'Liveness and store reachability',
    responses: { 200: json(z.object({ status: z.literal('ok'), store: z.string(), queue: z.string() })) },
  }),
  login: defineRoute('public', {
    method: 'post',
    path: '/api/auth/login',
    summary:
      'Log in: sets an HttpOnly, SameSite=Strict session cookie; 429 with Retry-After after too many failures for the username or from the address',
    request: { body: { content: { 'application/json': { schema: loginSchema } }, required: true } },
    responses: {
      200: json(z.object({ user: sessionUserSchema, expiresAt: z.string() })),
      429: json(errorSchema, 'too many failed logins: `details.retryAfterSeconds`, also in Retry-After'),
    },
  }),
  logout: defineRoute('public', {
    method: 'post',
    path: '/api/auth/logout',
    summary: 'Log out: ends the session',
    responses: { 200: json(z.object({ ok: z.boolean() })) },
  }),
  me: defineRoute('session', {
    method: 'get',
    path: '/api/me',
    summary: 'The logged-in user',
    responses: { 200: json(z.object({ user: sessionUserSchema })) },
  }),
};

/** Health, login, logout and the current user. */
export function registerAuthRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(routes.health, async (c) => {
    // A cheap read proves the store answers.
    await c.get('services').deps.store.users.count();
    const { store, queue } = c.get('services').deps;
    return c.json({ status: 'ok' as const, store: store.kind, queue: queue.kind }, 200);
  });
  app.openapi(routes.login, async (c) => {
    const { username, password } = c.req.valid('json');
    const services = c.get('services');
    const from = clientAddress(c, services.deps.config.login.trustProxy);
    const session = await services.auth.login(username, password, from);
    setSessionCookie(c, session.token, session.expiresAt);
    return c.json({ user: session.user, expiresAt: session.expiresAt.toISOString() }, 200);
  });
  app.openapi(routes.logout, async (c) => {
    await c.get('services').auth.logout(sessionToken(c));
    clearSessionCookie(c);
    return c.json({ ok: true }, 200);
  });
  app.openapi(routes.me, (c) => c.json({ user: viewer(c) }, 200));
}
