import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptsGzip } from './json-body.ts';
import { createTestApp, seedAlert, TEST_PASSWORD, type TestAppHarness } from './test-support.ts';

let clock = Date.parse('2026-03-01T08:00:00Z');
let h: TestAppHarness;
beforeAll(async () => {
  h = await createTestApp({ now: () => new Date(clock) });
  // Distinct texts, so no two fall into one repost group and the page holds all 30.
  const words = 'beuh weed livraison discret qualité gramme prix dispo contact pochon skunk amnesia'.split(
    ' ',
  );
  for (let i = 0; i < 30; i++)
    await seedAlert(h.store, {
      externalId: `hot-${i}`,
      title: `Annonce ${i}`,
      text: Array.from({ length: 12 }, (_, k) => `${words[(i * 7 + k * k * 3) % words.length]}${i}${k}`).join(
        ' ',
      ),
    });
});
afterAll(async () => h.close());

const login = async (username: string) => {
  const res = await h.request('POST', '/api/auth/login', { json: { username, password: TEST_PASSWORD } });
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0]!;
};

const queue = (cookie: string, headers: Record<string, string> = {}) =>
  h.app.request('/api/alerts?status=new&limit=50', { headers: { cookie, ...headers } });

describe('alert queue hot path', () => {
  it('answers gzip to clients that take it, the same JSON, with every security header', async () => {
    const cookie = await login('analyst');
    const plain = await queue(cookie);
    const zipped = await queue(cookie, { 'accept-encoding': 'gzip, deflate' });
    const again = await queue(cookie, { 'accept-encoding': 'gzip, deflate' });
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    const text = await plain.text();
    const zippedBytes = Buffer.from(await zipped.arrayBuffer());
    expect(zippedBytes.byteLength).toBeLessThan(Buffer.byteLength(text));
    expect(zippedBytes.byteLength).toBe(Number(zipped.headers.get('content-length')));
    expect(gunzipSync(zippedBytes).toString()).toBe(text);
    expect(Buffer.from(await again.arrayBuffer()).equals(zippedBytes)).toBe(true);
    expect((JSON.parse(text) as { items: unknown[] }).items).toHaveLength(30);
    for (const res of [plain, zipped]) {
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('vary')).toBe('accept-encoding');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('refuses a session the moment it expires, though its page was just served', async () => {
    const cookie = await login('analyst');
    expect((await queue(cookie)).status).toBe(200);
    expect((await queue(cookie)).status).toBe(200);
    clock += 8 * 60 * 60 * 1000 - 1000;
    expect((await queue(cookie)).status).toBe(200);
    clock += 1000;
    const expired = await queue(cookie);
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
  });

  it('refuses a session revoked behind its back (another process deleting it) on the next request', async () => {
    const cookie = await login('admin');
    expect((await queue(cookie)).status).toBe(200);
    const { openSqliteStore } = await import('../store/sqlite/index.ts');
    const other = await openSqliteStore(`${h.dir}/vigie.db`);
    try {
      const { createHash } = await import('node:crypto');
      const token = cookie.slice(cookie.indexOf('=') + 1);
      await other.sessions.delete(createHash('sha256').update(token).digest('hex'));
    } finally {
      await other.close();
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect((await queue(cookie)).status).toBe(401);
  });

  it('still validates every query and checks the role on a cached page', async () => {
    const cookie = await login('liaison');
    const bad = await h.app.request('/api/alerts?status=new&limit=5000', { headers: { cookie } });
    expect(bad.status).toBe(400);
    const fields = ((await bad.json()) as { error: { details: { fields: Record<string, string[]> } } }).error
      .details.fields;
    expect(Object.keys(fields)).toEqual(['limit']);
    // The analyst's page for this query is cached; the liaison officer still sees only escalated alerts.
    const res = await queue(cookie);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { items: unknown[] }).items).toEqual([]);
  });
});

describe('alert queue in one handler', () => {
  const securityHeaders = (res: Response) => ({
    csp: res.headers.get('content-security-policy'),
    nosniff: res.headers.get('x-content-type-options'),
    frame: res.headers.get('x-frame-options'),
    cache: res.headers.get('cache-control'),
  });
  const expected = {
    csp: expect.stringContaining("default-src 'none'") as unknown,
    nosniff: 'nosniff',
    frame: 'DENY',
    cache: 'no-store',
  };

  it('sends every security header on its refusals too (401, 400)', async () => {
    const anonymous = await h.app.request('/api/alerts?limit=5');
    expect(anonymous.status).toBe(401);
    expect(securityHeaders(anonymous)).toEqual(expected);
    const cookie = await login('analyst');
    const bad = await h.app.request('/api/alerts?limit=0', { headers: { cookie } });
    expect(bad.status).toBe(400);
    expect(securityHeaders(bad)).toEqual(expected);
  });

  it('refuses an unknown token and a logged-out session on a page it just served', async () => {
    const cookie = await login('analyst');
    expect((await queue(cookie)).status).toBe(200);
    expect((await queue(cookie)).status).toBe(200);
    expect((await queue(`${cookie.slice(0, -2)}xx`)).status).toBe(401);
    expect((await queue(`other=1; ${cookie}x`)).status).toBe(401);
    expect((await h.request('POST', '/api/auth/logout', { cookie })).status).toBe(200);
    expect((await queue(cookie)).status).toBe(401);
  });

  it('checks the session before the query: no session and a bad query is 401, not 400', async () => {
    const res = await h.app.request('/api/alerts?limit=5000');
    expect(res.status).toBe(401);
  });

  it('validates a repeated query each time it is bad, and a remembered good one per role', async () => {
    const cookie = await login('analyst');
    const bad: [string, string[]][] = [
      ['status=new,nope&limit=5', ['status.1']],
      ['minScore=0.9&maxScore=0.1', ['minScore']],
    ];
    for (const [query, fields] of [...bad, ...bad]) {
      const res = await h.app.request(`/api/alerts?${query}`, { headers: { cookie } });
      expect(res.status).toBe(400);
      const error = ((await res.json()) as { error: { details: { in: string; fields: object } } }).error;
      expect(error.details.in).toBe('query');
      expect(Object.keys(error.details.fields)).toEqual(fields);
    }
    const url = '/api/alerts?status=new&limit=7';
    const first = (await (await h.app.request(url, { headers: { cookie } })).json()) as { items: unknown[] };
    const again = (await (await h.app.request(url, { headers: { cookie } })).json()) as { items: unknown[] };
    expect(first.items).toHaveLength(7);
    expect(again).toEqual(first);
    const liaison = await h.app.request(url, { headers: { cookie: await login('liaison') } });
    expect(((await liaison.json()) as { items: unknown[] }).items).toEqual([]);
  });

  it('is in the OpenAPI document with its query and permission', async () => {
    const doc = (await (await h.app.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string }[]; 'x-permission'?: string }>>;
    };
    const list = doc.paths['/api/alerts']?.get;
    expect(list?.['x-permission']).toBe('alerts:read');
    expect(list?.parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['status', 'limit', 'cursor']),
    );
  });
});

describe('acceptsGzip', () => {
  it('reads Accept-Encoding as RFC 9110 does: explicit gzip first, then *, q=0 refuses', () => {
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip('')).toBe(false);
    expect(acceptsGzip('gzip, deflate')).toBe(true);
    expect(acceptsGzip('br;q=1.0, GZIP;q=0.5')).toBe(true);
    expect(acceptsGzip('br, deflate')).toBe(false);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('gzip;q=0, *')).toBe(false);
    expect(acceptsGzip('*;q=0, gzip')).toBe(true);
    expect(acceptsGzip('identity')).toBe(false);
  });
});
