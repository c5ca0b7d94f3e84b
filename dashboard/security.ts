import type { MiddlewareHandler } from 'hono';

/**
 * The dashboard's Content-Security-Policy: scripts, styles and images from this origin only, no
 * inline script or style, no plugins, no framing of Vigie by others, forms back to Vigie only.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "frame-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

/**
 * For a raw crawled page (served as text) in a frame: a sandbox without scripts, nothing may load,
 * and only Vigie itself may frame it.
 */
export const RAW_EVIDENCE_CSP = [
  'sandbox',
  "default-src 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
  "base-uri 'none'",
].join('; ');

/** Sets the page CSP and companions on every dashboard response that did not choose its own. */
export function dashboardHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    if (!h.has('content-security-policy')) h.set('content-security-policy', PAGE_CSP);
    h.set('x-content-type-options', 'nosniff');
    h.set('referrer-policy', 'no-referrer');
    if (!h.has('x-frame-options') && h.get('content-security-policy') === PAGE_CSP)
      h.set('x-frame-options', 'DENY');
    if ((h.get('content-type') ?? '').startsWith('text/html')) h.set('cache-control', 'no-store');
  };
}
