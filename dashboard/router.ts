import type { Handler, Hono, MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { requirePermission, type Permission } from '../api/permissions.ts';
import { pickLocale, translator } from './i18n.ts';
import { layout, type DashboardEnv } from './layout.tsx';
import { dashboardHeaders } from './security.ts';

/** Adds a page or form route that declares its permission (read back by the route × role test). */
export type RouteAdder = (path: string, permission: Permission, handler: Handler<DashboardEnv>) => void;

export interface DashboardRouter {
  get: RouteAdder;
  post: RouteAdder;
}

const withLocale: MiddlewareHandler<DashboardEnv> = async (c, next) => {
  const locale = pickLocale(c);
  c.set('locale', locale);
  c.set('t', translator(locale));
  await next();
};

/**
 * Middleware is attached per route rather than with `use('*')`: the dashboard is mounted at `/`
 * next to the JSON API, and its headers, CSRF check and HTML layout must not wrap `/api/*`.
 */
export function createRouter(app: Hono<DashboardEnv>): DashboardRouter {
  const headers = dashboardHeaders();
  // Origin / Sec-Fetch-Site check on every form post; session cookies are also SameSite=Strict.
  const csrfCheck = csrf() as MiddlewareHandler<DashboardEnv>;
  return {
    get: (path, permission, handler) => {
      app.get(path, headers, withLocale, layout, requirePermission(permission), handler);
    },
    post: (path, permission, handler) => {
      app.post(path, headers, csrfCheck, withLocale, layout, requirePermission(permission), handler);
    },
  };
}
