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

/** Every header secureDefaults would add to a JSON answer. */
const JSON_DEFAULTS: Readonly<Record<string, string>> = {
  ...DEFAULTS,
  'content-type': 'application/json',
  'cache-control': 'no-store',
};

/** The full header set of a 200 JSON answer of `byteLength` bytes, for secureJsonResponse. */
export function secureJsonHeaders(
  byteLength: number,
  extra: Readonly<Record<string, string>>,
): Readonly<Record<string, string>> {
  return Object.freeze({ ...JSON_DEFAULTS, ...extra, 'content-length': String(byteLength) });
}

/**
 * A 200 JSON response with every default header set up front (from secureJsonHeaders), as a plain
 * object: the Node server writes it as is, where filling in a Headers object afterwards costs more
 * than the rest of a cached answer. For routes answered ahead of secureDefaults (the alert queue),
 * which then has nothing to add.
 */
export function secureJsonResponse(body: Uint8Array, headers: Readonly<Record<string, string>>): Response {
  return new Response(body as Uint8Array<ArrayBuffer>, { status: 200, headers });
}

/**
 * Security headers on every response. Pages set their own CSP (the dashboard's allows its
 * same-origin scripts and styles, still no inline script); this fills in whatever is missing.
 */
export function secureDefaults(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    addSecureDefaults(c.res);
  };
}

/** Fills in the security headers `res` lacks (what secureDefaults does after a route answers). */
export function addSecureDefaults(res: Response): Response {
  const h = res.headers;
  for (const [name, value] of Object.entries(DEFAULTS)) if (!h.has(name)) h.set(name, value);
  if ((h.get('content-type') ?? '').startsWith('application/json')) h.set('cache-control', 'no-store');
  return res;
}
