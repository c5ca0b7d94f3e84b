import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, ErrorHandler } from 'hono';
import { sessionToken, tokenFromCookieHeader } from '../auth/session.ts';
import type { AppEnv } from '../env.ts';
import { validationError } from '../errors.ts';
import { addSecureDefaults } from '../headers.ts';
import { cachedJsonResponse } from '../json-body.ts';
import { checkPermission, declarePermission, roleHas } from '../permissions.ts';
import { alertListQuerySchema, alertPageSchema, type AlertListQuery } from '../schemas.ts';
import type { Services } from '../services/index.ts';
import { createStringMemo } from '../string-memo.ts';
import { defineRoute, json } from './define.ts';

const PERMISSION = 'alerts:read';

const listRoute = defineRoute(PERMISSION, {
  method: 'get',
  path: '/api/alerts',
  summary:
    'Alert queue, newest first, filtered, cursor-paginated (liaison: escalated only; researcher: pseudonymised)',
  request: { query: alertListQuerySchema },
  responses: { 200: json(alertPageSchema) },
});

/** Parsed queries kept per raw query string (validation is a pure function of it). */
const QUERY_MEMO_SIZE = 256;
const MAX_MEMO_QUERY = 2048;

/**
 * The query as the zod validator middleware reads it (one value per name, an array when repeated),
 * parsed by the same schema; AppError('validation') with the field errors when it does not hold.
 * Valid results are remembered per raw query string, frozen, so a queue polled with the same
 * filters is validated once.
 */
function createQueryReader() {
  const parsed = createStringMemo<AlertListQuery>(QUERY_MEMO_SIZE, MAX_MEMO_QUERY);
  const read = (c: Context<AppEnv>): AlertListQuery =>
    parsed.get(rawQuery(c.req.url), () => {
      const value = Object.fromEntries(
        Object.entries(c.req.queries()).map(([k, v]) => (v.length === 1 ? [k, v[0]] : [k, v])),
      );
      const result = alertListQuerySchema.safeParse(value);
      if (!result.success) throw validationError('query', result.error.issues);
      const query = result.data;
      if (query.status) Object.freeze(query.status);
      return Object.freeze(query);
    });
  /** A query read before, by its raw string; undefined when it never was (or was invalid). */
  const known = (raw: string) => parsed.peek(raw);
  return { read, known };
}

const rawQuery = (url: string) => {
  const at = url.indexOf('?');
  return at < 0 ? '' : url.slice(at + 1);
};

/** The path of a request URL as it came (not decoded: a decoded variant takes the routed path). */
const rawPath = (url: string) => {
  const start = url.indexOf('/', url.indexOf('://') + 3);
  const end = url.indexOf('?', start);
  return start < 0 ? '' : end < 0 ? url.slice(start) : url.slice(start, end);
};

/**
 * GET /api/alerts, the route analysts poll, as one handler registered ahead of the app-wide
 * middleware, so it does not walk the chain: the same steps in the same order (the session and its
 * permission: 401/403; the query: 400 with the field errors; the page; every security header, on
 * errors too), with the store's change stamp read once for the session and the page. Its OpenAPI
 * entry and permission are declared as for every other route. Returns the answer the app's fetch
 * gives before routing when all of it is cached (undefined otherwise).
 */
export function registerAlertQueueRoute(
  app: OpenAPIHono<AppEnv>,
  services: Services,
  onError: ErrorHandler<AppEnv>,
): (req: Request) => Response | undefined {
  const { middleware: _guard, ...doc } = listRoute;
  app.openAPIRegistry.registerPath(doc);
  const queries = createQueryReader();
  const { auth, alerts } = services;
  const changeStamp = () => services.deps.store.alerts.changeStamp();
  const handler = declarePermission(PERMISSION, async (c: Context<AppEnv>) => {
    try {
      c.set('services', services);
      const stamp = await changeStamp();
      const user = await auth.resolve(sessionToken(c), stamp);
      c.set('user', user);
      checkPermission(user, PERMISSION);
      // The service hands back the very same page object while the store is unchanged, so its
      // bytes (and their gzip) are made once and a repeated read only sends them again.
      const page = await alerts.list(user!, queries.read(c), stamp);
      return cachedJsonResponse(page, c.req.header('accept-encoding'));
    } catch (err) {
      if (!(err instanceof Error)) throw err;
      return addSecureDefaults(await onError(err, c));
    }
  });
  app.get(listRoute.path, handler);

  // The answer without routing, when every step is already known for the store's current stamp:
  // a session resolved and not expired, whose role holds the permission; a query validated before;
  // its page cached. Anything else (no session, a refusal, a new query, a miss, a HEAD, a store
  // that cannot read its stamp synchronously) goes through the handler above.
  const repo = services.deps.store.alerts;
  return (req) => {
    if (req.method !== 'GET' || !repo.changeStampNow || rawPath(req.url) !== listRoute.path) return undefined;
    const stamp = repo.changeStampNow();
    const user = auth.cached(tokenFromCookieHeader(req.headers.get('cookie')), stamp);
    if (!user || !roleHas(user.role, PERMISSION)) return undefined;
    const query = queries.known(rawQuery(req.url));
    const page = query && alerts.cachedPage(user, query, stamp);
    return page && cachedJsonResponse(page, req.headers.get('accept-encoding') ?? undefined);
  };
}
