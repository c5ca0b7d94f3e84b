import { load } from 'cheerio';
import type { Browser } from 'playwright';
import { launchChromium } from '../crawlers/chromium.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCorpus, type CorpusItem } from './corpus.ts';
import { startDemoSites, type DemoSites } from './index.ts';
import { PRODUCTS_PER_PAGE } from './shop.ts';
import { corpusById, get } from './test-support.ts';

let sites: DemoSites;
let browser: Browser;
const corpus = corpusById();

beforeAll(async () => {
  sites = await startDemoSites();
  browser = await launchChromium(process.env.VIGIE_CHROMIUM_PATH);
});
afterAll(async () => {
  await browser?.close();
  await sites?.close();
});
beforeEach(() => sites.reset());

describe('script-rendered shop', () => {
  it('ships HTML without any listing text; /api/items pages hold every product', async () => {
    const shopItems = sites.items.shop.map((id) => corpus.get(id)!);
    for (const path of [
      '/boutique',
      '/boutique?page=2',
      new URL(sites.locate(sites.items.shop[0]!).url).pathname,
    ]) {
      const res = await get(sites.urls.shop + path);
      expect(res.status).toBe(200);
      const $ = load(res.text);
      expect($('#app').children()).toHaveLength(0);
      expect($('script[src="/static/shop.js"]')).toHaveLength(1);
      for (const item of shopItems) {
        expect(res.text).not.toContain(item.title);
        expect(res.text).not.toContain(item.text.slice(0, 30));
      }
    }
    const texts: string[] = [];
    for (let page = 1; ; page++) {
      const res = await get(`${sites.urls.shop}/api/items?page=${page}`);
      expect(res.status).toBe(200);
      const data = JSON.parse(res.text);
      expect(data.total).toBe(shopItems.length);
      texts.push(...data.items.map((i: { text: string }) => i.text));
      if (page === data.pages) break;
    }
    expect(texts.sort()).toEqual(shopItems.map((i) => i.text).sort());
    const one = await get(`${sites.urls.shop}/api/items/${sites.locate(sites.items.shop[0]!).externalId}`);
    expect(JSON.parse(one.text).text).toBe(shopItems[0]!.text);
    expect((await get(`${sites.urls.shop}/api/items?page=0`)).status).toBe(400);
    expect((await get(`${sites.urls.shop}/api/items?page=99`)).status).toBe(404);
  });

  it('a browser sees the listings after the script runs, page by page, and the detail fields', async () => {
    const page = await browser.newPage();
    try {
      const seen: string[] = [];
      let url: string | null = `${sites.urls.shop}/boutique`;
      while (url) {
        await page.goto(url);
        await page.waitForSelector('#app[data-rendered]');
        const rows = await page.$$eval('li.product a.product-link', (links) =>
          links.map((a) => (a as unknown as { href: string }).href),
        );
        expect(rows.length).toBeLessThanOrEqual(PRODUCTS_PER_PAGE);
        seen.push(...rows);
        url = await page.$eval('a.next', (a) => (a as unknown as { href: string }).href).catch(() => null);
      }
      expect(seen.sort()).toEqual(sites.items.shop.map((id) => sites.locate(id).url).sort());

      const id = sites.items.shop[2]!;
      await page.goto(sites.locate(id).url);
      await page.waitForSelector('#app[data-rendered]');
      expect(await page.textContent('h1.product-title')).toBe(corpus.get(id)!.title);
      expect(await page.textContent('.product-description')).toBe(corpus.get(id)!.text);
      expect(await page.textContent('.product-seller')).toMatch(/^(user_|membre)\w+$/);
      expect(await page.getAttribute('time.product-date', 'datetime')).toMatch(/^2026-/);
    } finally {
      await page.close();
    }
  });

  it('renders hostile text as text, and hidden products answer 410', async () => {
    const hostile = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script> & co';
    const [id, gone] = sites.items.shop;
    sites.edit(id!, { title: hostile, text: hostile });
    sites.hide(gone!);
    const page = await browser.newPage();
    try {
      await page.goto(sites.locate(id!).url);
      await page.waitForSelector('#app[data-rendered]');
      expect(await page.textContent('h1.product-title')).toBe(hostile);
      expect(await page.$$('#app img, #app script')).toHaveLength(0);
      expect(await page.evaluate(() => (globalThis as unknown as { pwned?: number }).pwned)).toBeUndefined();
      await page.goto(sites.locate(gone!).url);
      expect(await page.textContent('body')).toContain('indisponible');
    } finally {
      await page.close();
    }
    expect((await get(sites.locate(gone!).url)).status).toBe(410);
    expect((await get(`${sites.urls.shop}/api/items/${sites.locate(gone!).externalId}`)).status).toBe(410);
  });
});

it('holds exactly the shop-platform items of the corpus', () => {
  const expected = loadCorpus()
    .filter((i: CorpusItem) => i.platform === 'shop')
    .map((i) => i.id);
  expect([...sites.items.shop].sort()).toEqual(expected.sort());
});
