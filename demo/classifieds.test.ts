import { load } from 'cheerio';
import robotsParserModule from 'robots-parser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADS_PER_PAGE } from './classifieds.ts';
import { startDemoSites, type DemoSites } from './index.ts';
import { corpusById, get, getPage, walk } from './test-support.ts';

// robots-parser is CommonJS while its typings declare an ES default export.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;

let sites: DemoSites;
const corpus = corpusById();

beforeAll(async () => {
  sites = await startDemoSites();
});
afterAll(async () => {
  await sites.close();
});
beforeEach(() => sites.reset());

const adUrls = async () => {
  const pages = await walk(`${sites.urls.classifieds}/annonces`, 'a.next');
  return {
    pages,
    urls: pages.flatMap(($) =>
      $('a.ad-link')
        .map((_, a) => new URL($(a).attr('href')!, sites.urls.classifieds).href)
        .get(),
    ),
  };
};

describe('classifieds site', () => {
  it('paginates ten ads a page, newest first, and reaches every ad exactly once', async () => {
    const { pages, urls } = await adUrls();
    const expected = sites.items.classifieds.map((id) => sites.locate(id).url);
    expect(pages.length).toBe(Math.ceil(expected.length / ADS_PER_PAGE));
    expect(pages.slice(0, -1).every(($) => $('li.ad-item').length === ADS_PER_PAGE)).toBe(true);
    expect(urls.sort()).toEqual(expected.sort());
    const dates = pages.flatMap(($) =>
      $('li.ad-item time')
        .map((_, t) => Date.parse($(t).attr('datetime')!))
        .get(),
    );
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
  });

  it('detail pages carry title, description, price, commune, seller, date and valid JSON-LD', async () => {
    let withPrice = 0;
    for (const id of sites.items.classifieds) {
      const item = corpus.get(id)!;
      const url = sites.locate(id).url;
      const $ = await getPage(url);
      const title = $('h1.ad-title').text();
      if (item.title) expect(title).toBe(item.title);
      else expect(title.length).toBeGreaterThan(0);
      expect($('.ad-description').text()).toBe(item.text);
      expect($('.ad-price').text()).toMatch(/€$|^Prix à convenir$/);
      expect($('.ad-commune').text()).toBe(item.commune ?? '');
      expect($('.ad-seller').text()).toMatch(/^(user_|membre)\w+$/);
      expect(Number.isNaN(Date.parse($('time.ad-date').attr('datetime')!))).toBe(false);
      const ld = JSON.parse($('script[type="application/ld+json"]').text());
      expect(ld['@type']).toBe('Product');
      expect(ld.name).toBe(title);
      expect(ld.description).toBe(item.text);
      expect(ld.url).toBe(url);
      expect(ld.offers['@type']).toBe('Offer');
      expect(ld.offers.priceCurrency).toBe('EUR');
      expect(ld.offers.seller.name).toBe($('.ad-seller').text());
      if (ld.offers.price !== undefined) {
        withPrice++;
        expect(Number(ld.offers.price)).toBe(Number($('.ad-price').attr('data-amount')));
      }
    }
    expect(withPrice).toBeGreaterThan(50);
  });

  it('answers 304 to a matching ETag or Last-Modified, and 200 with new validators after an edit', async () => {
    const id = sites.items.classifieds[3]!;
    const url = sites.locate(id).url;
    const first = await get(url);
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    const byEtag = await get(url, { 'if-none-match': etag });
    expect(byEtag.status).toBe(304);
    expect(byEtag.text).toBe('');
    expect(byEtag.headers.get('etag')).toBe(etag);
    expect((await get(url, { 'if-none-match': `W/${etag}` })).status).toBe(304);
    expect((await get(url, { 'if-modified-since': lastModified })).status).toBe(304);
    expect((await get(url, { 'if-none-match': '"other"' })).status).toBe(200);

    sites.edit(id, 'Texte modifié après signalement.');
    const after = await get(url, { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(load(after.text)('.ad-description').text()).toBe('Texte modifié après signalement.');
    expect(after.headers.get('etag')).not.toBe(etag);
    expect((await get(url, { 'if-modified-since': lastModified })).status).toBe(200);
    expect(Date.parse(after.headers.get('last-modified')!)).toBeGreaterThan(Date.parse(lastModified));
  });

  it('a hidden ad leaves the list and its page answers 410 until shown again', async () => {
    const id = sites.items.classifieds[0]!;
    const url = sites.locate(id).url;
    sites.hide(id);
    expect((await get(url)).status).toBe(410);
    const { urls } = await adUrls();
    expect(urls).not.toContain(url);
    expect(urls).toHaveLength(sites.items.classifieds.length - 1);
    sites.show(id);
    expect((await get(url)).status).toBe(200);
  });

  it('serves a permissive robots.txt and clear errors for bad requests', async () => {
    const base = sites.urls.classifieds;
    const robots = robotsParser(`${base}/robots.txt`, (await get(`${base}/robots.txt`)).text);
    expect(robots.isAllowed(`${base}/annonce/1`, 'VigieBot')).toBe(true);
    expect((await get(`${base}/annonces?page=abc`)).status).toBe(400);
    expect((await get(`${base}/annonces?page=0`)).status).toBe(400);
    expect((await get(`${base}/annonces?page=9999`)).status).toBe(404);
    expect((await get(`${base}/annonce/1`)).status).toBe(404);
    expect((await get(`${base}/annonce/x<y`)).status).toBe(404);
    const post = await fetch(`${base}/annonces`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});
