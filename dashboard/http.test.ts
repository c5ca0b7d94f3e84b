import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weedIxelles } from './fixtures.ts';
import { safePath, withFlash } from './http.ts';
import { pickLocale } from './i18n.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from './test-server.ts';

describe('safePath', () => {
  it('keeps same-site paths and refuses anything that leaves the site', () => {
    expect(safePath('/alerts/1?x=2', '/')).toBe('/alerts/1?x=2');
    for (const bad of [
      '//evil.test/x',
      '/\\evil.test',
      'https://evil.test/',
      'javascript:alert(1)',
      '',
      '/a\nb',
      42,
      undefined,
    ]) {
      expect(safePath(bad, '/fallback')).toBe('/fallback');
    }
  });

  it('sets the flash key on a path, replacing an earlier one', () => {
    expect(withFlash('/?status=new&msg=conflict', 'saved')).toBe('/?status=new&msg=saved');
  });
});

describe('pickLocale', () => {
  const app = new Hono().get('/', (c) => c.text(pickLocale(c)));
  const locale = async (headers: Record<string, string>) => (await app.request('/', { headers })).text();

  it('prefers the cookie, then Accept-Language by weight, then French', async () => {
    expect(await locale({ cookie: 'vigie_lang=en', 'accept-language': 'fr' })).toBe('en');
    expect(await locale({ 'accept-language': 'de-DE, en;q=0.8, fr;q=0.5' })).toBe('en');
    expect(await locale({ 'accept-language': 'nl-BE, fr-BE;q=0.9, en;q=0.8' })).toBe('fr');
    expect(await locale({ cookie: 'vigie_lang=xx' })).toBe('fr');
    expect(await locale({})).toBe('fr');
  });
});

describe('dashboard over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer([weedIxelles]);
  });
  afterAll(() => server?.close());

  const post = (path: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      body: new URLSearchParams(form),
      redirect: 'manual',
      headers: { origin: server.url, ...headers },
    });

  it('answers 401 with the login form when nobody is logged in, for pages and forms', async () => {
    const page = await fetch(`${server.url}/?status=new`);
    expect(page.status).toBe(401);
    const html = await page.text();
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('name="next" value="/?status=new"');
    const form = await post(`/alerts/${server.alertIds['weed-ixelles']}/triage`, {
      status: 'confirmed',
      version: '1',
    });
    expect(form.status).toBe(401);
    expect((await server.store.alerts.get(server.alertIds['weed-ixelles']!))?.status).toBe('new');
  });

  it('refuses a wrong password without a cookie, and never redirects off-site after login', async () => {
    const wrong = await post('/login', { username: 'ana', password: 'not-the-password', next: '/' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect(await wrong.text()).toContain('data-testid="login-error"');
    const ok = await post('/login', { username: 'ana', password: TEST_PASSWORD, next: '//evil.test/' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/');
    expect(ok.headers.get('set-cookie')).toMatch(
      /vigie_session=.+; Path=\/; Expires=.+; HttpOnly; SameSite=Strict/,
    );
  });

  it('turns bad form input into a message and an unknown alert into a 404 page', async () => {
    const login = await post('/login', { username: 'ana', password: TEST_PASSWORD });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const id = server.alertIds['weed-ixelles']!;
    const bad = await post(
      `/alerts/${id}/triage`,
      { status: 'escalated', version: 'x', back: '/' },
      { cookie },
    );
    expect(bad.status).toBe(303);
    expect(bad.headers.get('location')).toBe('/?msg=invalid');
    const refused = await post(`/alerts/${id}/escalate`, { version: '1', back: `/alerts/${id}` }, { cookie });
    expect(refused.headers.get('location')).toBe(`/alerts/${id}?msg=conflict`);
    expect((await server.store.alerts.get(id))?.status).toBe('new');
    const missing = await fetch(`${server.url}/alerts/nope`, { headers: { cookie } });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('data-testid="error-title"');
    const badFilter = await fetch(`${server.url}/?minScore=7`, { headers: { cookie } });
    expect(badFilter.status).toBe(400);
    // What the filter form sends: empty fields mean "any".
    const form = await fetch(
      `${server.url}/?q=&label=market&sourceId=&substance=&commune=Ixelles&minScore=&sort=score`,
      {
        headers: { cookie },
      },
    );
    expect(form.status).toBe(200);
    expect((await form.text()).match(/class="alert-row"/g)).toHaveLength(1);
    const none = await fetch(`${server.url}/?label=production&sourceId=petites-annonces`, {
      headers: { cookie },
    });
    expect(await none.text()).toContain('data-testid="empty-queue"');
  });

  it('assigns, tags, and filters the queue by assignee and tag', async () => {
    const login = await post('/login', { username: 'ana', password: TEST_PASSWORD });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const ana = await server.store.users.getByUsername('ana');
    const id = server.alertIds['weed-ixelles']!;
    let alert = (await server.store.alerts.get(id))!;
    await post(`/alerts/${id}/assign`, { version: String(alert.version), assignee: ana!.id }, { cookie });
    alert = (await server.store.alerts.get(id))!;
    expect(alert.assignee).toBe(ana!.id);
    const tagged = await post(
      `/alerts/${id}/tags`,
      { version: String(alert.version), tags: 'urgent, telegram, urgent' },
      { cookie },
    );
    expect(tagged.headers.get('location')).toBe(`/alerts/${id}?msg=saved`);
    expect((await server.store.alerts.get(id))?.tags).toEqual(['urgent', 'telegram']);
    const rows = async (qs: string) =>
      (
        (await (await fetch(`${server.url}/?${qs}`, { headers: { cookie } })).text()).match(
          /class="alert-row"/g,
        ) ?? []
      ).length;
    expect(await rows('assignee=me&tag=urgent')).toBe(1);
    expect(await rows('assignee=none')).toBe(0);
    expect(await rows('tag=other')).toBe(0);
    const day = (await server.store.alerts.get(id))!.createdAt.slice(0, 10);
    expect(await rows(`from=${day}&to=${day}`)).toBe(1);
    expect(await rows('to=2020-01-01')).toBe(0);
    expect((await fetch(`${server.url}/?from=yesterday`, { headers: { cookie } })).status).toBe(400);
    const page = await (await fetch(`${server.url}/alerts/${id}`, { headers: { cookie } })).text();
    expect(page).toContain('<strong data-testid="assignee">ana</strong>');
  });

  it('shows each role only navigation links it may follow', async () => {
    const seen: Record<string, string[]> = {};
    for (const username of ['admin', 'ana', 'lia', 'res']) {
      const login = await post('/login', { username, password: TEST_PASSWORD });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const home = await fetch(`${server.url}${login.headers.get('location')}`, { headers: { cookie } });
      const nav = (await home.text()).match(/<nav aria-label="main">(.*?)<\/nav>/)?.[1] ?? '';
      seen[username] = [...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
      for (const href of seen[username]) {
        expect(
          (await fetch(`${server.url}${href}`, { headers: { cookie } })).status,
          `${username} → ${href}`,
        ).toBe(200);
      }
    }
    expect(seen).toEqual({
      admin: ['/', '/liaison', '/sources'],
      ana: ['/', '/sources'],
      lia: ['/liaison'],
      res: ['/', '/sources'],
    });
  });

  it('serves only its own assets, with types and nosniff', async () => {
    const js = await fetch(`${server.url}/static/app.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(`${server.url}/static/..%2Fpackage.json`)).status).toBe(404);
  });
});
