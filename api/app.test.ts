import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, type Logger } from '../domain/index.ts';
import { ensureInitialAdmin } from './app.ts';
import { verifyPassword } from './auth/passwords.ts';
import { createTestApp, seedAlert, TEST_PASSWORD, type TestAppHarness } from './test-support.ts';

let h: TestAppHarness;
beforeAll(async () => {
  h = await createTestApp();
});
afterAll(async () => h.close());

describe('foundation routes', () => {
  it('GET /healthz answers without a session, with strict security headers', async () => {
    const res = await h.app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', store: 'sqlite', queue: 'inline' });
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('GET /api/alerts lists newest first, filters by label and paginates with a cursor', async () => {
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < 5; i++) {
      await seedAlert(h.store, {
        externalId: `page-${i}`,
        text: `annonce numéro ${i} ${'mot'.repeat(i + 1)} unique${i} texte${i * 7}`,
        scores: i % 2 === 0 ? { market: 0.9, production: 0.1 } : { market: 0.1, production: 0.8 },
        at: new Date(t0 + i * 60_000),
      });
    }
    const first = await h.request('GET', '/api/alerts?limit=2', { role: 'analyst' });
    expect(first.status).toBe(200);
    const page1 = (await first.json()) as {
      items: { createdAt: string; labels: string[] }[];
      nextCursor: string;
    };
    expect(page1.items).toHaveLength(2);
    expect(page1.items[0]!.createdAt > page1.items[1]!.createdAt).toBe(true);
    const second = (await (
      await h.request('GET', `/api/alerts?limit=2&cursor=${page1.nextCursor}`, { role: 'analyst' })
    ).json()) as typeof page1;
    expect(second.items[0]!.createdAt < page1.items[1]!.createdAt).toBe(true);

    const production = (await (
      await h.request('GET', '/api/alerts?label=production', { role: 'analyst' })
    ).json()) as typeof page1;
    expect(production.items.length).toBe(2);
    expect(production.items.every((a) => a.labels.includes('production'))).toBe(true);
  });

  it('GET /api/alerts lists summaries without the explanation; the detail keeps it', async () => {
    const explanation = [
      { label: 'market' as const, feature: 'word:beuh', weight: 1.25, spans: [{ start: 8, end: 12 }] },
    ];
    const { alert } = await seedAlert(h.store, {
      externalId: 'explained',
      text: 'beuh dispo explained-only',
      explanation,
    });
    for (const role of ['analyst', 'researcher'] as const) {
      const page = (await (await h.request('GET', '/api/alerts?q=explained-only', { role })).json()) as {
        items: Record<string, unknown>[];
      };
      expect(page.items.map((a) => a.id)).toEqual([alert.id]);
      expect(page.items[0]).not.toHaveProperty('explanation');
      expect(page.items[0]).toMatchObject({ title: 'Annonce', status: 'new', version: 1 });
    }
    const detail = (await (
      await h.request('GET', `/api/alerts/${alert.id}`, { role: 'analyst' })
    ).json()) as {
      alert: { explanation: unknown };
    };
    expect(detail.alert.explanation).toEqual(explanation);
  });

  it('refuses without a session (401) and explains bad input (400 with fields)', async () => {
    expect((await h.request('GET', '/api/alerts')).status).toBe(401);
    const bad = await h.request('GET', '/api/alerts?limit=0&label=weed&minScore=2', { role: 'analyst' });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as {
      error: { code: string; details: { fields: Record<string, string[]> } };
    };
    expect(body.error.code).toBe('validation');
    expect(Object.keys(body.error.details.fields).sort()).toEqual(['label', 'limit', 'minScore']);
    const cursor = await h.request('GET', '/api/alerts?cursor=not-a-cursor!', { role: 'analyst' });
    expect(cursor.status).toBe(400);
    expect((await h.request('GET', '/api/alerts?sort=loudest', { role: 'analyst' })).status).toBe(400);
    const byPriority = await h.request('GET', '/api/alerts?sort=priority&limit=1', { role: 'analyst' });
    expect(byPriority.status).toBe(200);
    const { nextCursor } = (await byPriority.json()) as { nextCursor: string };
    expect(
      (await h.request('GET', `/api/alerts?sort=priority&cursor=${nextCursor}`, { role: 'analyst' })).status,
    ).toBe(200);
    expect((await h.request('GET', `/api/alerts?cursor=${nextCursor}`, { role: 'analyst' })).status).toBe(
      400,
    );
  });

  it('logs in with an HttpOnly SameSite=Strict cookie, refuses wrong passwords, logs out', async () => {
    const wrong = await h.request('POST', '/api/auth/login', {
      json: { username: 'analyst', password: 'nope' },
    });
    expect(wrong.status).toBe(401);
    const ok = await h.request('POST', '/api/auth/login', {
      json: { username: 'analyst', password: TEST_PASSWORD },
    });
    expect(ok.status).toBe(200);
    const setCookie = ok.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Expires=/);
    const cookie = setCookie.split(';')[0]!;
    expect((await h.request('GET', '/api/me', { cookie })).status).toBe(200);
    expect((await h.request('POST', '/api/auth/logout', { cookie })).status).toBe(200);
    expect((await h.request('GET', '/api/me', { cookie })).status).toBe(401);
  });

  it('expires sessions and ends them when the user is disabled', async () => {
    const login = await h.request('POST', '/api/auth/login', {
      json: { username: 'researcher', password: TEST_PASSWORD },
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const disable = await h.request('PATCH', `/api/users/${h.users.researcher}`, {
      role: 'admin',
      json: { disabled: true },
    });
    expect(disable.status).toBe(200);
    expect((await h.request('GET', '/api/me', { cookie })).status).toBe(401);
    const again = await h.request('POST', '/api/auth/login', {
      json: { username: 'researcher', password: TEST_PASSWORD },
    });
    expect(again.status).toBe(401);
    await h.request('PATCH', `/api/users/${h.users.researcher}`, {
      role: 'admin',
      json: { disabled: false },
    });

    const session = await h.store.sessions.get('x'.repeat(64));
    expect(session).toBeNull();
    await h.store.sessions.create({
      tokenHash: 'expired',
      userId: h.users.admin,
      createdAt: '2020-01-01T00:00:00Z',
      expiresAt: '2020-01-01T08:00:00Z',
    });
    expect(await h.store.sessions.deleteExpired(new Date())).toBeGreaterThanOrEqual(1);
  });

  it('refuses a cross-site form post (CSRF) and malformed JSON', async () => {
    const cookie = await h.cookie('analyst');
    const forged = await h.app.request('/api/auth/logout', {
      method: 'POST',
      headers: {
        cookie,
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'http://evil.example',
        'sec-fetch-site': 'cross-site',
      },
      body: 'a=1',
    });
    expect(forged.status).toBe(403);
    expect((await h.request('GET', '/api/me', { cookie })).status).toBe(200);
    const huge = await h.request('POST', '/api/auth/login', {
      json: { username: 'x', password: 'y'.repeat(300_000) },
    });
    expect(huge.status).toBe(413);
    const malformed = await h.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username":',
    });
    expect(malformed.status).toBe(400);
  });

  it('serves an OpenAPI document generated from the schemas', async () => {
    const res = await h.app.request('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/alerts', '/api/alerts/{id}', '/api/alerts/{id}/escalate']),
    );
    expect(doc.paths['/api/alerts/{id}']).toHaveProperty('patch');
    expect(doc.components.schemas).toHaveProperty('Alert');
  });
});

describe('ensureInitialAdmin', () => {
  it('creates one admin with a random password logged once, and nothing when users exist', async () => {
    const empty = await createTestApp();
    try {
      // The harness made users; start from a store without any.
      const { openSqliteStore } = await import('../store/sqlite/index.ts');
      const store = await openSqliteStore(`${empty.dir}/fresh.db`);
      const lines: unknown[] = [];
      const logger: Logger = { ...silentLogger, warn: (obj) => lines.push(obj), child: () => logger };
      const password = await ensureInitialAdmin(store, logger);
      expect(password).toMatch(/^[\w-]{20}$/);
      expect(lines).toHaveLength(1);
      const admin = await store.users.getByUsername('admin');
      expect(admin?.role).toBe('admin');
      expect(await verifyPassword(password!, admin!.passwordHash)).toBe(true);
      expect(await ensureInitialAdmin(store, logger)).toBeNull();
      expect(lines).toHaveLength(1);
      const other = await ensureInitialAdmin(await openSqliteStore(`${empty.dir}/other.db`), silentLogger);
      expect(other).not.toBe(password);
      await store.close();
    } finally {
      await empty.close();
    }
  });
});
