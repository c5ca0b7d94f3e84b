import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { growSchaerbeek, plantsAnderlecht, weedIxelles } from './fixtures.ts';
import { launchChromium, login, poll, SCREENSHOT_DIR } from './test-browser.ts';
import { startTestServer, type TestServer } from './test-server.ts';

let server: TestServer;
let browser: Browser;
// One page for the whole file, as one person at one desk: users switch by logging out and in.
let page: Page;

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startTestServer([plantsAnderlecht, growSchaerbeek, weedIxelles]),
    launchChromium(),
  ]);
  page = await (await browser.newContext({ locale: 'en-GB' })).newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Logs out whoever is in, then logs `username` in. */
async function switchUser(username: string): Promise<void> {
  if (await page.locator('form[action="/logout"]').count()) {
    await Promise.all([page.waitForURL('**/login'), page.click('form[action="/logout"] button')]);
  }
  await login(page, server.url, username);
}

const status = async (externalId: string) =>
  (await server.store.alerts.get(server.alertIds[externalId]!))?.status;

/** Moves the queue's focus onto the row of `alertId` with j/k, as an analyst would. */
async function focusRow(page: Page, alertId: string): Promise<void> {
  const ids = await page
    .locator('tr.alert-row')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
  const target = ids.indexOf(alertId);
  expect(target).toBeGreaterThanOrEqual(0);
  const current = await page
    .locator('tr.alert-row')
    .evaluateAll((rows) => rows.findIndex((r) => r.classList.contains('focused')));
  const key = target > current ? 'j' : 'k';
  for (let i = 0; i < Math.abs(target - current); i++) await page.keyboard.press(key);
  await poll(() => page.locator('tr.alert-row.focused').getAttribute('data-id')).toBe(alertId);
}

/** Presses a key that submits a form, and waits for the page it redirects to. */
async function pressAndReload(page: Page, key: string): Promise<void> {
  await Promise.all([page.waitForEvent('load'), page.keyboard.press(key)]);
}

describe('dashboard workflow in Chromium', () => {
  it('an analyst triages with the keyboard, escalates, and a liaison officer acknowledges', async () => {
    await switchUser('ana');
    await poll(() => page.locator('tr.alert-row').count()).toBe(3);
    await poll(() => page.locator('[data-testid=status-counts] [data-status=new] strong').textContent()).toBe(
      '3',
    );
    await page.screenshot({ path: `${SCREENSHOT_DIR}/queue.png`, fullPage: true });

    // j/k move, c confirms the focused alert, e escalates it.
    const weedId = server.alertIds['weed-ixelles']!;
    await focusRow(page, weedId);
    await pressAndReload(page, 'c');
    await poll(() => page.getByTestId('flash').textContent()).toBe('Saved.');
    expect(await status('weed-ixelles')).toBe('confirmed');
    await focusRow(page, weedId);
    await pressAndReload(page, 'e');
    expect(await status('weed-ixelles')).toBe('escalated');

    // d asks for a reason from the list before dismissing.
    const cbdId = server.alertIds['cbd-anderlecht']!;
    await focusRow(page, cbdId);
    await page.keyboard.press('d');
    await poll(() => page.locator('#dismiss-dialog').isVisible()).toBe(true);
    await page.selectOption('#dismiss-dialog select[name=reason]', 'legal_product');
    await Promise.all([page.waitForEvent('load'), page.getByTestId('dismiss-submit').click()]);
    expect(await status('cbd-anderlecht')).toBe('dismissed');
    const history = await server.store.alerts.history(cbdId);
    expect(history.some((h) => h.field === 'dismissReason' && h.to === 'legal_product')).toBe(true);

    // x selects; a bulk action applies to the selection.
    const growId = server.alertIds['grow-schaerbeek']!;
    await focusRow(page, growId);
    await page.keyboard.press('x');
    await poll(() => page.locator('#selected-count').textContent()).toBe('1');
    await page.selectOption('#bulk-form select[name=status]', 'in_review');
    await Promise.all([page.waitForURL(/msg=saved/), page.click('#bulk-form button[type=submit]')]);
    expect(await status('grow-schaerbeek')).toBe('in_review');

    // Enter opens the focused alert: highlighted text, actor's other listing, history.
    await focusRow(page, weedId);
    await Promise.all([page.waitForURL(`**/alerts/${weedId}*`), page.keyboard.press('Enter')]);
    await poll(() => page.locator('[data-testid=listing-text] mark').count()).toBe(3);
    await poll(() => page.locator('[data-testid=listing-text] mark').first().textContent()).toBe('Weed');
    await poll(() => page.getByTestId('contacts').textContent()).toContain('0470 12 34 56');
    await poll(() => page.getByTestId('actor-listings').textContent()).toContain('Matériel culture indoor');
    await poll(() => page.getByTestId('history').textContent()).toContain('escalated');
    await page.fill('textarea[name=body]', 'Vu aussi sur Telegram <b>x</b>');
    await Promise.all([page.waitForURL(/msg=saved/), page.click('form[action$="/comments"] button')]);
    await poll(() => page.getByTestId('comments').textContent()).toContain('Vu aussi sur Telegram <b>x</b>');
    // The evidence screenshot loads same-origin (the page CSP allows images from 'self' only).
    await poll(() =>
      page
        .locator('img.screenshot')
        .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
    ).toBe(2);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/detail.png`, fullPage: true });

    // The actor page: both listings sharing the phone, on one timeline.
    await Promise.all([page.waitForEvent('load'), page.click('a[href^="/actors/"]')]);
    await poll(() => page.locator('[data-testid=timeline] li').count()).toBe(2);
    await poll(() => page.getByTestId('contacts').textContent()).toContain('growbxl');

    // The liaison officer lands on the inbox and sees only the escalated alert.
    const liaison = page;
    await switchUser('lia');
    expect(new URL(liaison.url()).pathname).toBe('/liaison');
    await poll(() => liaison.locator('tr.inbox-row').count()).toBe(1);
    await poll(() => liaison.locator('tr.inbox-row').getAttribute('data-id')).toBe(weedId);
    await Promise.all([liaison.waitForURL(/msg=saved/), liaison.getByTestId('acknowledge').click()]);
    expect(await status('weed-ixelles')).toBe('acknowledged');
    await poll(() => liaison.locator('tr.inbox-row [data-testid=acknowledge]').count()).toBe(0);
    await liaison.screenshot({ path: `${SCREENSHOT_DIR}/liaison.png`, fullPage: true });
    // A dismissed alert is not the liaison's business: 404, not its content.
    const hidden = await liaison.goto(`${server.url}/alerts/${cbdId}`);
    expect(hidden?.status()).toBe(404);
  });

  it('a researcher sees neither contacts nor triage buttons nor raw evidence', async () => {
    await switchUser('res');
    const growId = server.alertIds['grow-schaerbeek']!;
    await page.goto(`${server.url}/alerts/${growId}`);
    await poll(() => page.getByTestId('contacts').textContent()).toBe('Contacts are hidden for your role.');
    const body = (await page.textContent('body')) ?? '';
    expect(body).not.toContain('0470 12 34 56');
    expect(body).not.toContain('growbxl');
    await poll(() => page.locator('[data-testid=triage-actions] button').count()).toBe(0);
    await poll(() => page.locator('iframe').count()).toBe(0);
    const raw = await page.goto(`${server.url}/alerts/${growId}/evidence/raw`);
    expect(raw?.status()).toBe(403);
  });

  it('a stale form answers with a conflict message and changes nothing', async () => {
    await switchUser('ana');
    const growId = server.alertIds['grow-schaerbeek']!;
    await page.goto(`${server.url}/alerts/${growId}`);
    const before = await server.store.alerts.get(growId);
    // Someone else moves the alert meanwhile.
    await server.store.alerts.update(
      growId,
      before!.version,
      { status: 'dismissed', dismissReason: 'other' },
      { userId: null, now: new Date() },
    );
    await Promise.all([page.waitForURL(/msg=conflict/), page.getByTestId('action-confirmed').click()]);
    await poll(() => page.getByTestId('flash').textContent()).toContain('changed this alert meanwhile');
    expect(await status('grow-schaerbeek')).toBe('dismissed');
  });

  it('an admin sees source health and runs a source now', async () => {
    await switchUser('admin');
    await page.goto(`${server.url}/sources`);
    const card = page.getByTestId('source-petites-annonces');
    expect(await card.getAttribute('data-health')).toBe('unknown');
    await Promise.all([page.waitForEvent('load'), card.locator('form[action$="/run"] button').click()]);
    await poll(() => page.getByTestId('flash').textContent()).toBe('Crawl queued.');
    await Promise.all([page.waitForEvent('load'), card.locator('form[action$="/pause"] button').click()]);
    expect((await server.store.sourceStates.get('petites-annonces'))?.paused).toBe(true);
    await poll(() => card.textContent()).toContain('Paused');
  });

  it('switches the interface between French and English', async () => {
    await page.goto(`${server.url}/sources`);
    await poll(() => page.locator('h1').textContent()).toBe('Sources');
    await poll(() => page.locator('a[href="/"]').nth(1).textContent()).toBe('Alert queue');
    await Promise.all([page.waitForEvent('load'), page.selectOption('#lang-select', 'fr')]);
    expect(new URL(page.url()).pathname).toBe('/sources');
    await poll(() => page.locator('a[href="/"]').nth(1).textContent()).toBe("File d'alertes");
    await poll(() => page.locator('html').getAttribute('lang')).toBe('fr');
  });
});
