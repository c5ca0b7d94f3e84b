import { load } from 'cheerio';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDemoSites, type DemoSites } from './index.ts';
import { corpusById, feedText, get } from './test-support.ts';

let sites: DemoSites;
const corpus = corpusById();

beforeAll(async () => {
  sites = await startDemoSites();
});
afterAll(async () => {
  await sites.close();
});
beforeEach(() => sites.reset());

const xml = async (path: string) => {
  const res = await get(sites.urls.feed + path);
  expect(res.status).toBe(200);
  return { $: load(res.text, { xml: true }), type: res.headers.get('content-type') };
};

describe('feed site', () => {
  it('RSS 2.0 carries every news and paste item with link, guid, date and text', async () => {
    const { $, type } = await xml('/rss.xml');
    expect(type).toMatch(/^application\/rss\+xml/);
    expect($('rss').attr('version')).toBe('2.0');
    const items = $('channel > item');
    expect(items).toHaveLength(sites.items.feed.length);
    const byUrl = new Map(sites.items.feed.map((id) => [sites.locate(id).url, id]));
    items.each((_, el) => {
      const link = $(el).find('link').text();
      const id = byUrl.get(link)!;
      expect(id).toBeDefined();
      expect($(el).find('guid').text()).toBe(link);
      expect(feedText($(el).find('description').text())).toBe(corpus.get(id)!.text);
      expect($(el).find('title').text().length).toBeGreaterThan(0);
      expect($(el).find('dc\\:creator').text()).toMatch(/^(Rédaction|user_\w+|membre\d+)$/);
      expect(Number.isNaN(Date.parse($(el).find('pubDate').text()))).toBe(false);
    });
    const dates = items.map((_, el) => Date.parse($(el).find('pubDate').text())).get();
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
  });

  it('Atom carries the same items, and each links to a page with the text', async () => {
    const { $, type } = await xml('/atom.xml');
    expect(type).toMatch(/^application\/atom\+xml/);
    const entries = $('feed > entry');
    expect(entries).toHaveLength(sites.items.feed.length);
    const expected = new Map(sites.items.feed.map((id) => [sites.locate(id).url, corpus.get(id)!.text]));
    const seen = new Set<string>();
    entries.each((_, el) => {
      const href = $(el).find('link[rel="alternate"]').attr('href')!;
      expect($(el).find('id').text()).toBe(href);
      expect($(el).find('content').attr('type')).toBe('html');
      expect(feedText($(el).find('content').text())).toBe(expected.get(href));
      expect(Number.isNaN(Date.parse($(el).find('updated').text()))).toBe(false);
      seen.add(href);
    });
    expect(seen.size).toBe(expected.size);
    const [url, text] = [...expected][0]!;
    const page = await get(url);
    expect(page.status).toBe(200);
    expect(load(page.text)('.entry-text').text()).toBe(text);
  });

  it('a hidden item leaves both feeds; an edited one changes in both', async () => {
    const [gone, changed] = sites.items.feed;
    sites.hide(gone!);
    sites.edit(changed!, { title: 'Titre corrigé', text: 'Texte corrigé' });
    for (const path of ['/rss.xml', '/atom.xml']) {
      const { $ } = await xml(path);
      expect($('item, entry')).toHaveLength(sites.items.feed.length - 1);
      const links = $('item > link, entry > link')
        .map((_, l) => $(l).text() || $(l).attr('href'))
        .get();
      expect(links).not.toContain(sites.locate(gone!).url);
      expect(links).toContain(sites.locate(changed!).url);
      expect(
        $('item > title, entry > title')
          .map((_, t) => $(t).text())
          .get(),
      ).toContain('Titre corrigé');
      expect(
        $('description, content')
          .map((_, t) => $(t).text())
          .get(),
      ).toContain('Texte corrigé');
    }
    expect((await get(sites.locate(gone!).url)).status).toBe(404);
  });
});
