import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a demo route answers. */
export interface Reply {
  status: number;
  body: string | Uint8Array;
  headers?: Record<string, string>;
}

/** A demo site's routing: a pure function of the request. */
export type Handler = (req: IncomingMessage, url: URL) => Reply | Promise<Reply>;

/** A started demo server. */
export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

// Our pages load nothing from elsewhere; JSON-LD blocks are data, not scripts, so CSP leaves them alone.
const BASE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
};

/** An HTML reply. */
export function htmlReply(body: string, status = 200, headers: Record<string, string> = {}): Reply {
  return { status, body, headers: { 'content-type': 'text/html; charset=utf-8', ...headers } };
}

/** A plain-text reply. */
export function textReply(body: string, status = 200): Reply {
  return { status, body, headers: { 'content-type': 'text/plain; charset=utf-8' } };
}

/** A JSON reply. */
export function jsonReply(data: unknown, status = 200): Reply {
  return {
    status,
    body: JSON.stringify(data),
    headers: { 'content-type': 'application/json; charset=utf-8' },
  };
}

/** The robots.txt every demo site serves: everything may be crawled. */
export const PERMISSIVE_ROBOTS = 'User-agent: *\nAllow: /\n';

/** An HTML reply with ETag and Last-Modified that answers 304 when the client's validators still match. */
export function conditionalHtml(req: IncomingMessage, body: string, lastModified: Date): Reply {
  const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 24)}"`;
  const validators = { etag, 'last-modified': lastModified.toUTCString(), 'cache-control': 'no-cache' };
  const ifNoneMatch = req.headers['if-none-match'];
  const ifModifiedSince = req.headers['if-modified-since'];
  let fresh = false;
  if (ifNoneMatch !== undefined) {
    // Weak comparison, as RFC 9110 asks for If-None-Match.
    const tags = ifNoneMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
    fresh = tags.includes('*') || tags.includes(etag);
  } else if (ifModifiedSince !== undefined) {
    const since = Date.parse(ifModifiedSince);
    fresh = !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
  }
  if (fresh) return { status: 304, body: '', headers: validators };
  return htmlReply(body, 200, validators);
}

/** `?page=N`: 1 when absent, null when not a positive integer. */
export function pageParam(url: URL, name = 'page'): number | null {
  const value = url.searchParams.get(name);
  if (value === null) return 1;
  if (!/^[1-9]\d{0,5}$/.test(value)) return null;
  return Number(value);
}

/** The slice of `items` on page `page` (1-based), or null past the last page (page 1 always exists). */
export function paginate<T>(
  items: readonly T[],
  page: number,
  perPage: number,
): { slice: T[]; pages: number } | null {
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  if (page > pages) return null;
  return { slice: items.slice((page - 1) * perPage, page * perPage), pages };
}

function send(req: IncomingMessage, res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string | number> = { ...BASE_HEADERS, ...reply.headers };
  if (reply.status !== 304) headers['content-length'] = Buffer.byteLength(reply.body);
  res.writeHead(reply.status, headers);
  res.end(req.method === 'HEAD' || reply.status === 304 ? undefined : reply.body);
}

/** Starts `handler` on host:port (0 = a free port) and returns its base URL (no trailing slash). */
export async function startServer(handler: Handler, host: string, port: number): Promise<RunningServer> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const reply = textReply('Method not allowed', 405);
      send(req, res, { ...reply, headers: { ...reply.headers, allow: 'GET, HEAD' } });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://demo.invalid');
    Promise.resolve()
      .then(() => handler(req, url))
      .then(
        (reply) => send(req, res, reply),
        // Never leak a stack trace to a client, even a local one.
        () => send(req, res, textReply('Internal error', 500)),
      );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostPart}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
