import { readFileSync } from 'node:fs';
import { Hono, type MiddlewareHandler } from 'hono';
import { requirePermission } from '../api/permissions.ts';

const ASSETS: Record<string, string> = {
  'app.css': 'text/css; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
};

/** Same-origin CSS and JS, read once at start-up (a fixed list: no path from the request touches the disk). */
export function createStaticAssets(): Hono {
  const files = new Map<string, { body: string; type: string }>();
  for (const [name, type] of Object.entries(ASSETS)) {
    files.set(name, { body: readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8'), type });
  }
  const app = new Hono();
  app.get('/static/:name', requirePermission('public') as MiddlewareHandler, (c) => {
    const file = files.get(c.req.param('name'));
    if (!file) return c.notFound();
    return c.body(file.body, 200, {
      'content-type': file.type,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    });
  });
  return app;
}
