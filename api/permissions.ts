import type { MiddlewareHandler } from 'hono';
import { AppError, type Role } from '../domain/index.ts';
import type { AppEnv, SessionUser } from './env.ts';

/** What a route may require. `public` needs no session; `session` any logged-in user. */
export type Permission =
  | 'public'
  | 'session'
  | 'alerts:read'
  | 'alerts:triage'
  | 'alerts:comment'
  | 'alerts:escalate'
  | 'alerts:acknowledge'
  | 'evidence:read'
  | 'actors:read'
  | 'sources:read'
  | 'sources:manage'
  | 'users:manage'
  | 'audit:read'
  | 'verdicts:read';

/**
 * The one permission table. Liaison officers read alerts, but the alert service narrows them to
 * escalated and acknowledged ones; researchers read alerts and actors pseudonymised, without
 * contacts or raw evidence.
 */
export const PERMISSIONS: Record<Exclude<Permission, 'public' | 'session'>, readonly Role[]> = {
  'alerts:read': ['admin', 'analyst', 'liaison', 'researcher'],
  'alerts:triage': ['admin', 'analyst'],
  'alerts:comment': ['admin', 'analyst', 'liaison'],
  'alerts:escalate': ['admin', 'analyst'],
  'alerts:acknowledge': ['admin', 'liaison'],
  'evidence:read': ['admin', 'analyst', 'liaison'],
  'actors:read': ['admin', 'analyst', 'researcher'],
  'sources:read': ['admin', 'analyst', 'researcher'],
  'sources:manage': ['admin'],
  'users:manage': ['admin'],
  'audit:read': ['admin'],
  'verdicts:read': ['admin', 'analyst'],
};

/** Whether `role` holds `permission` (`public` and `session` hold for every logged-in role). */
export function roleHas(role: Role, permission: Permission): boolean {
  if (permission === 'public' || permission === 'session') return true;
  return PERMISSIONS[permission].includes(role);
}

/** Which permission each guard middleware enforces, so tests can walk the router and read it back. */
const guards = new WeakMap<object, Permission>();

/**
 * The permission a handler enforces, when it is a guard made by requirePermission. Sub-apps with
 * their own error handler (the dashboard) have their handlers wrapped by Hono, which keeps the
 * original under `__COMPOSED_HANDLER`.
 */
export function permissionOf(handler: unknown): Permission | undefined {
  if (typeof handler !== 'function') return undefined;
  const inner = (handler as { __COMPOSED_HANDLER?: unknown }).__COMPOSED_HANDLER;
  return guards.get(handler) ?? (inner === undefined ? undefined : permissionOf(inner));
}

/** AppError('unauthorized') without a user, AppError('forbidden') when the role lacks `permission`. */
export function checkPermission(user: SessionUser | null | undefined, permission: Permission): void {
  if (permission === 'public') return;
  if (!user) throw new AppError('unauthorized', 'log in first');
  if (!roleHas(user.role, permission)) {
    throw new AppError('forbidden', `the ${user.role} role may not do this (needs ${permission})`);
  }
}

/**
 * Declares that `handler` enforces `permission` itself (with checkPermission, before anything
 * else reads the request), so the route × role matrix finds it like a requirePermission guard.
 */
export function declarePermission<H extends object>(permission: Permission, handler: H): H {
  guards.set(handler, permission);
  return handler;
}

/** Route guard: 401 without a session, 403 when the user's role lacks `permission`. */
export function requirePermission(permission: Permission): MiddlewareHandler<AppEnv> {
  const guard: MiddlewareHandler<AppEnv> = async (c, next) => {
    checkPermission(c.get('user'), permission);
    await next();
  };
  return declarePermission(permission, guard);
}
