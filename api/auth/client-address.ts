import type { Context } from 'hono';

/**
 * The client's address: the socket's peer under @hono/node-server, or with `trustProxy` the last
 * X-Forwarded-For hop (the one our own reverse proxy added). Null when neither is known
 * (`app.request()` in tests, other runtimes).
 */
export function clientAddress(c: Context, trustProxy: boolean): string | null {
  if (trustProxy) {
    const hops = (c.req.header('x-forwarded-for') ?? '').split(',');
    const last = hops[hops.length - 1]?.trim();
    if (last) return last.slice(0, 64);
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? null;
}
