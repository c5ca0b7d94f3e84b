import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { parse } from 'hono/utils/cookie';
import type { AppEnv } from '../env.ts';
import type { Services } from '../services/index.ts';
import { createStringMemo } from '../string-memo.ts';

/** Name of the session cookie (HttpOnly, SameSite=Strict; Secure over HTTPS). */
export const SESSION_COOKIE = 'vigie_session';

/** Sets `services`, and `user` from the session cookie (null without a valid session), on every request. */
export function sessionMiddleware(services: Services): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('services', services);
    // resolve reads the store's change stamp only when there is a token to check.
    c.set('user', await services.auth.resolve(sessionToken(c)));
    await next();
  };
}

/** Cookie headers already parsed: a browser sends the same one on every request of a session. */
const tokensByHeader = createStringMemo<string | undefined>(1000, 4096);

/** The session token in a Cookie header (as hono's getCookie reads it), memoised per header. */
export function tokenFromCookieHeader(header: string | undefined | null): string | undefined {
  if (!header) return undefined;
  return tokensByHeader.get(header, (h) => parse(h, SESSION_COOKIE)[SESSION_COOKIE]);
}

/** Hands the browser a new session cookie. */
export function setSessionCookie(c: Context, token: string, expiresAt: Date): void {
  setCookie(c, SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Strict',
    secure: new URL(c.req.url).protocol === 'https:',
    expires: expiresAt,
  });
}

/** The current session token, if any. */
export function sessionToken(c: Context): string | undefined {
  return tokenFromCookieHeader(c.req.raw.headers.get('cookie'));
}

/** Removes the session cookie from the browser. */
export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}
