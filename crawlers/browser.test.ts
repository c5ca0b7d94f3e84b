import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceInput } from '../domain/index.ts';
import { openSqliteStore } from '../store/sqlite/index.ts';
import type { Store } from '../store/types.ts';
import { findChromium, runCrawl } from './index.ts';
import { collectingSink, serve, tempDir, testDeps, testSource } from './test-support.ts';
import type { CrawlDeps } from './types.ts';

let tmp: ReturnType<typeof tempDir>;
let store: Store;
let deps: CrawlDeps;
let shop: Awaited<ReturnType<typeof serve>>;
let elsewhere: Awaited<ReturnType<typeof serve>>;
let beacons = 0;

const ADS = [
  { id: 'a1', title: 'Graines autoflorissantes', text: 'Pack de 10 graines, envoi discret.' },
  { id: 'a2', title: 'Tente de culture 120x120', text: 'Tente complète avec extracteur.' },
];

// Markup arrives only through JavaScript, a little after load, as on script-rendered shops.
const shell = (script: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>Shop</title></head><body><main id="app"></main><script>${script}</script></body></html>`;

const LIST_SCRIPT = (beaconUrl: string) => `
setTimeout(function () {
  fetch('/api/ads.json').then(function (r) { return r.json(); }).then(function (ads) {
    var ul = document.createElement('ul');
    ads.forEach(function (ad) {
      var li = document.createElement('li'); var a = document.createElement('a');
      a.className = 'ad-link'; a.href = '/shop/ad/' + ad.id; a.textContent = ad.title;
      li.appendChild(a); ul.appendChild(li);
    });
    document.getElementById('app').appendChild(ul);
    document.getElementById('app').setAttribute('data-ready', '1');
  });
  fetch(${JSON.stringify(beaconUrl)}).catch(function () {});
}, 150);`;

const DETAIL_SCRIPT = (ad: (typeof ADS)[number]) => `
setTimeout(function () {
  var app = document.getElementById('app');
  var h = document.createElement('h1'); h.className = 'ad-title'; h.textContent = ${JSON.stringify(ad.title)};
  var p = document.createElement('p'); p.className = 'ad-body'; p.textContent = ${JSON.stringify(ad.text)};
  app.appendChild(h); app.appendChild(p); app.setAttribute('data-ready', '1');
}, 150);`;

const shopSource = (mode: 'http' | 'browser', overrides: Partial<SourceInput> = {}) =>
  testSource({
    kind: 'listing',
    startUrls: [`${shop.url}/shop`],
    fetch: { mode, waitFor: '#app[data-ready]' },
    extract: { kind: 'listing', itemLinks: 'a.ad-link', fields: { title: '.ad-title', text: '.ad-body' } },
    ...overrides,
  });

beforeAll(async () => {
  tmp = tempDir();
  store = await openSqliteStore(join(tmp.dir, 'vigie.db'));
  deps = testDeps(tmp.dir, store.httpCache);
  elsewhere = await serve({
    '/beacon': (_req, res) => {
      beacons++;
      res.end('ok');
    },
  });
  const routes: Parameters<typeof serve>[0] = {
    '/shop': shell(LIST_SCRIPT(`${elsewhere.url}/beacon`)),
    '/api/ads.json': (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(ADS)),
  };
  for (const ad of ADS) routes[`/shop/ad/${ad.id}`] = shell(DETAIL_SCRIPT(ad));
  shop = await serve(routes);
});

afterAll(async () => {
  await Promise.all([shop.close(), elsewhere.close()]);
  await store.close();
  tmp.cleanup();
});

describe('browser mode', () => {
  it('http mode sees no listing on a script-rendered shop', async () => {
    const sink = collectingSink();
    const result = await runCrawl(shopSource('http'), sink, deps);
    expect(result.stats.pagesFetched).toBe(1);
    expect(sink.listings).toHaveLength(0);
  });

  it('renders pages in Chromium, extracts from the DOM and keeps a PNG screenshot as evidence', async () => {
    const sink = collectingSink();
    const result = await runCrawl(shopSource('browser'), sink, deps);
    expect(result.stats.errors).toEqual({});
    expect(result.complete).toBe(true);
    expect(sink.listings.map((l) => [l.title, l.text]).sort()).toEqual(
      ADS.map((ad) => [ad.title, ad.text]).sort(),
    );
    const listing = sink.listings.find((l) => l.externalId === `${shop.url}/shop/ad/a1`)!;
    expect(listing.evidence.status).toBe(200);
    expect(listing.evidence.screenshotSha256).toMatch(/^[0-9a-f]{64}$/);
    const png = await deps.evidence.get(listing.evidence.screenshotSha256!, 'png');
    expect(Buffer.from(png!.subarray(0, 8)).toString('hex')).toBe('89504e470d0a1a0a');
    const html = await deps.evidence.get(listing.evidence.sha256, 'html');
    expect(Buffer.from(html!).toString('utf8')).toContain(
      '<h1 class="ad-title">Graines autoflorissantes</h1>',
    );
    // The page's request to another host was blocked by the browser fetcher.
    expect(beacons).toBe(0);
  });

  it('names what is missing when no Chromium can be found', async () => {
    await expect(findChromium(undefined, ['/nonexistent/chrome'])).rejects.toThrow(
      /apt-get install -y chromium/,
    );
    await expect(findChromium(undefined, ['/nonexistent/chrome'])).rejects.toThrow(
      /tried: \/nonexistent\/chrome/,
    );
    expect(await findChromium(undefined, ['/nonexistent/chrome', '/usr/bin/chromium'])).toBe(
      '/usr/bin/chromium',
    );
    expect(await findChromium()).toMatch(/chrom/);
    const before = shop.url;
    await expect(
      runCrawl(shopSource('browser'), collectingSink(), { ...deps, chromiumPath: '/opt/no-chromium' }),
    ).rejects.toThrow(/Chromium not found at \/opt\/no-chromium/);
    expect(shop.url).toBe(before);
  });
});
