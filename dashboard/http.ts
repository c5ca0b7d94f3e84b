import type { Context } from 'hono';
import { isAppError } from '../domain/index.ts';
import type { FlashKey } from './layout.tsx';

/**
 * A same-site path to go back to after a form, or `fallback`: never a full URL, `//host` or
 * `/\host`, so a crafted form cannot turn Vigie into an open redirect.
 */
export function safePath(value: unknown, fallback: string): string {
  if (typeof value !== 'string' || value.length > 2000) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  if ([...value].some((ch) => ch.charCodeAt(0) < 0x20)) return fallback;
  return value;
}

/** `path` with its `msg` query parameter set to a flash key. */
export function withFlash(path: string, key: FlashKey): string {
  const url = new URL(path, 'http://vigie.invalid');
  url.searchParams.set('msg', key);
  return `${url.pathname}${url.search}`;
}

/** The flash key that explains an expected failure; anything else is rethrown for app.onError. */
export function flashFor(err: unknown): FlashKey {
  if (isAppError(err, 'conflict')) return 'conflict';
  if (isAppError(err, 'forbidden')) return 'forbidden';
  if (isAppError(err, 'not_found')) return 'notFound';
  if (isAppError(err, 'validation')) return 'invalid';
  throw err;
}

/** The form body as single string values (repeated fields: the last one; files are ignored). */
export async function formValues(
  c: Context,
): Promise<{ get(name: string): string | undefined; all(name: string): string[] }> {
  const body = await c.req.parseBody({ all: true });
  const pick = (name: string): string[] => {
    const v = body[name];
    const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
    return list.filter((x): x is string => typeof x === 'string');
  };
  return { get: (name) => pick(name).at(-1), all: pick };
}

/** Runs a form action and redirects back with a flash message; expected failures become messages. */
export async function formAction(
  c: Context,
  back: string,
  action: () => Promise<FlashKey>,
): Promise<Response> {
  let key: FlashKey;
  try {
    key = await action();
  } catch (err) {
    key = flashFor(err);
  }
  return c.redirect(withFlash(back, key), 303);
}

/** The `:id` route parameter (routes are registered untyped, so Hono cannot prove it is there). */
export function idParam(c: Context): string {
  return c.req.param('id') ?? '';
}
