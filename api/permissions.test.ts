import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, createTestApp, type TestAppHarness } from './test-support.ts';
import { permissionOf, roleHas, type Permission } from './permissions.ts';

let h: TestAppHarness;
beforeAll(async () => {
  h = await createTestApp();
});
afterAll(async () => h.close());

/** Every route of the app (API and dashboard) with the permission its guard declares. */
function registeredRoutes(): { method: string; path: string; permission: Permission | undefined }[] {
  const byKey = new Map<string, { method: string; path: string; permission: Permission | undefined }>();
  for (const r of h.app.routes) {
    if (r.method === 'ALL') continue;
    const key = `${r.method} ${r.path}`;
    const entry = byKey.get(key) ?? { method: r.method, path: r.path, permission: undefined };
    entry.permission ??= permissionOf(r.handler);
    byKey.set(key, entry);
  }
  return [...byKey.values()];
}

/** A concrete URL for a route pattern: unknown ids (so nothing real is touched), known asset names. */
function concrete(path: string): string {
  return path
    .replace(/:name\b[^/]*/g, 'app.css')
    .replace(/:[A-Za-z]\w*(\{[^}]*\})?/g, 'no-such-id')
    .replace(/\*/g, 'x');
}

describe('route × role matrix', () => {
  it('every registered route declares a permission', () => {
    const routes = registeredRoutes();
    expect(routes.length).toBeGreaterThan(25);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'GET /api/alerts',
        'PATCH /api/alerts/:id',
        'POST /api/alerts/:id/escalate',
        'GET /healthz',
      ]),
    );
    expect(routes.filter((r) => r.permission === undefined).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('no session → 401; each role → allowed or 403 as the table says', async () => {
    const failures: string[] = [];
    for (const route of registeredRoutes().filter((r) => r.permission !== undefined)) {
      const url = concrete(route.path);
      const permission = route.permission!;
      const send = async (cookie?: string) => {
        const res = await h.app.request(url, {
          method: route.method,
          headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
          body: route.method === 'GET' || route.method === 'HEAD' ? undefined : '{}',
        });
        return res.status;
      };
      const anonymous = await send();
      if (permission === 'public' ? anonymous === 403 : anonymous !== 401) {
        failures.push(`${route.method} ${route.path} without session: ${anonymous}`);
      }
      for (const role of ROLES) {
        // A fresh session per request: logout routes end the one they are called with.
        const status = await send(await h.freshCookie(role));
        const allowed = roleHas(role, permission);
        // A public route may still answer 401 on its own terms (a login with wrong credentials).
        const refused = status === 403 || (permission !== 'public' && status === 401);
        if (allowed ? refused : status !== 403) {
          failures.push(`${route.method} ${route.path} as ${role} (${permission}): ${status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
