import type { MiddlewareHandler } from 'hono';

/** For JSON and anything that did not choose a policy: nothing may load, run or frame it. */
export const DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const DEFAULTS: Record<string, string> = {
  'content-security-policy': DEFAULT_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

/**
 * Security headers on every response. Pages set their own CSP (the dashboard's allows its
 * same-origin scripts and styles, still no inline script); this fills in whatever is missing.
 */
export function secureDefaults(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    for (const [name, value] of Object.entries(DEFAULTS)) if (!h.has(name)) h.set(name, value);
    if ((h.get('content-type') ?? '').startsWith('application/json')) h.set('cache-control', 'no-store');
  };
}
