import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVIL_ORIGIN, hostile, weedIxelles } from './fixtures.ts';
import { PAGE_CSP, RAW_EVIDENCE_CSP } from './security.ts';
import { launchChromium, login, poll, SCREENSHOT_DIR } from './test-browser.ts';
import { startTestServer, type TestServer } from './test-server.ts';

/** The few browser globals the page.evaluate callbacks touch (this file is type-checked without the DOM lib). */
interface BrowserGlobals {
  __pwned?: unknown;
  __inline?: number;
  document: {
    body: { appendChild(node: unknown): void };
    createElement(tag: string): { textContent: string | null; innerHTML: string };
    addEventListener(type: string, listener: () => void, options?: { once: boolean }): void;
  };
}

let server: TestServer;
let browser: Browser;
let page: Page;
const dialogs: string[] = [];
const foreignRequests: string[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer([weedIxelles, hostile]), launchChromium()]);
  page = await (await browser.newContext({ locale: 'en-GB' })).newPage();
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('request', (request) => {
    if (!request.url().startsWith(server.url)) foreignRequests.push(request.url());
  });
  await login(page, server.url, 'ana');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const pwned = () => page.evaluate(() => (globalThis as unknown as BrowserGlobals).__pwned ?? null);

describe('hostile crawled content in Chromium', () => {
  it('renders inert in the queue and on the alert page: no dialog, no foreign request, no execution', async () => {
    const hostileId = server.alertIds.hostile!;
    await page.goto(`${server.url}/`);
    await poll(() => page.locator(`tr.alert-row[data-id="${hostileId}"]`).count()).toBe(1);
    // The markup is shown as text, not parsed.
    await poll(() => page.locator(`tr[data-id="${hostileId}"] .alert-title`).textContent()).toContain(
      '<script>',
    );

    const response = await page.goto(`${server.url}/alerts/${hostileId}`);
    expect(response?.status()).toBe(200);
    const text = page.getByTestId('listing-text');
    await poll(() => text.textContent()).toContain(
      `<img src=x onerror="window.__pwned = 'img'; alert('img')">`,
    );
    await poll(() => text.textContent()).toContain(`<a href="javascript:`);
    // Highlights still work around hostile text: "<script>" itself is a highlighted cue.
    await poll(() => page.locator('[data-testid=listing-text] mark').allTextContents()).toContain('<script>');
    // Nothing from the listing became an element.
    expect(
      await page.locator('#content script, #content img:not(.screenshot), #content svg, #content b').count(),
    ).toBe(0);
    expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);
    expect(await page.locator(`iframe:not([src^="/alerts/"])`).count()).toBe(0);
    // The javascript: listing URL and the javascript: contact are plain text.
    await poll(() => page.locator('.unsafe-link').count()).toBeGreaterThan(0);
    await page.getByText('clique ici', { exact: false }).first().click();
    await page.locator('.unsafe-link').first().click();

    // The raw snapshot frame: sandboxed (no allow-scripts), served with a sandbox CSP.
    const frame = page.locator('iframe.raw');
    expect(await frame.getAttribute('sandbox')).toBe('');
    const raw = await page.request.get(`${server.url}/alerts/${hostileId}/evidence/raw`);
    expect(raw.headers()['content-security-policy']).toBe(RAW_EVIDENCE_CSP);
    expect(raw.headers()['content-type']).toBe('text/plain; charset=utf-8');
    // The snapshot's markup shows as text inside the frame.
    const rawFrame = () => page.frames().find((f) => f.url().includes('/evidence/raw'));
    await poll(() => rawFrame()?.locator('body').textContent() ?? null).toContain(
      `<script>parent.__pwned='raw'`,
    );
    await page.screenshot({ path: `${SCREENSHOT_DIR}/hostile-detail.png`, fullPage: true });

    expect(await pwned()).toBeNull();
    expect(dialogs).toEqual([]);
    expect(foreignRequests).toEqual([]);
    expect(foreignRequests.some((u) => u.startsWith(EVIL_ORIGIN))).toBe(false);
  });

  it('sends a strict CSP that the browser enforces against inline script', async () => {
    const response = await page.goto(`${server.url}/`);
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toBe(PAGE_CSP);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(response?.headers()['x-frame-options']).toBe('DENY');
    // Same-origin JS runs (the queue's keyboard focus is set by /static/app.js)…
    await poll(() => page.locator('tr.alert-row.focused').count()).toBe(1);
    // …but an inline script injected into the page does not, and the browser reports the violation.
    const ran = await page.evaluate(async () => {
      const { document } = globalThis as unknown as BrowserGlobals;
      const blocked = new Promise<boolean>((resolve) => {
        document.addEventListener('securitypolicyviolation', () => resolve(true), { once: true });
        setTimeout(() => resolve(false), 2000);
      });
      const s = document.createElement('script');
      s.textContent = 'window.__inline = 1';
      document.body.appendChild(s);
      const b = document.createElement('div');
      b.innerHTML = '<img src="x" onerror="window.__inline = 2">';
      document.body.appendChild(b);
      const violated = await blocked;
      return { violated, inline: (globalThis as unknown as BrowserGlobals).__inline ?? null };
    });
    expect(ran).toEqual({ violated: true, inline: null });
    expect(dialogs).toEqual([]);
  });

  it('refuses a cross-site form post (CSRF) and changes nothing', async () => {
    const hostileId = server.alertIds.hostile!;
    const before = await server.store.alerts.get(hostileId);
    const res = await page.request.post(`${server.url}/alerts/${hostileId}/triage`, {
      form: { status: 'dismissed', version: String(before!.version), reason: 'other' },
      headers: { origin: EVIL_ORIGIN, 'sec-fetch-site': 'cross-site' },
      maxRedirects: 0,
    });
    expect(res.status()).toBe(403);
    expect((await server.store.alerts.get(hostileId))?.status).toBe(before!.status);
  });
});
