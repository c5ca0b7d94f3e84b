import { readdirSync, readFileSync } from 'node:fs';
import { load, type CheerioAPI } from 'cheerio';
import { launchChromium } from '../crawlers/chromium.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSources } from '../config/sources.ts';
import { sourceSchema, type Source } from '../domain/source.ts';
import { SITE_NAMES, startDemoSites, type DemoSites } from './index.ts';
import { corpusById, getPage } from './test-support.ts';

const corpus = corpusById();

const DIR = new URL('../config/sources/', import.meta.url);
const FILES = readdirSync(DIR).filter((f) => /^demo-.*\.ya?ml$/.test(f));

let sites: DemoSites;
let sources: Map<string, Source>;
beforeAll(async () => {
  sites = await startDemoSites();
  const vars = Object.fromEntries(SITE_NAMES.map((s) => [`demo.${s}`, sites.urls[s]]));
  sources = new Map(FILES.map((f) => [f, loadSources(new URL(f, DIR).pathname, { vars })[0]!]));
});
afterAll(async () => {
  await sites.close();
});

/** Whether `selector` (`css` or `css@attr`) yields a non-empty value in `$`. */
function yields($: CheerioAPI, selector: string, scope?: ReturnType<CheerioAPI>): boolean {
  const [, css = selector, attr] = /^(.*?)(?:@([\w-]+))?$/.exec(selector) ?? [];
  const nodes = css === '' && scope ? scope : scope ? scope.find(css) : $(css);
  return nodes.toArray().some((el) => ((attr ? $(el).attr(attr) : $(el).text()) ?? '').trim() !== '');
}

describe('config/sources/demo-*.yaml', () => {
  it('one valid source per demo site, with demo URLs substituted', () => {
    expect(FILES.sort()).toEqual(SITE_NAMES.map((s) => `demo-${s}.yaml`).sort());
    for (const [file, source] of sources) {
      const site = file.replace(/^demo-|\.yaml$/g, '') as (typeof SITE_NAMES)[number];
      expect(sourceSchema.safeParse(source).success).toBe(true);
      expect(source.id).toBe(`demo-${site}`);
      expect(source.startUrls.every((u) => u.startsWith(sites.urls[site]))).toBe(true);
      expect(source.allowPrivateNetwork).toBe(true);
      expect(source.robots).toBe('obey');
      expect(source.schedule).toEqual({ every: '10m' });
      expect(readFileSync(new URL(file, DIR), 'utf8')).toContain(`\${demo.${site}}`);
    }
    const shop = sources.get('demo-shop.yaml')!;
    expect(shop.fetch.mode).toBe('browser');
    expect(shop.fetch.waitFor).toBeDefined();
  });

  it('an unknown placeholder is a clear error', () => {
    expect(() => loadSources(new URL('demo-forum.yaml', DIR).pathname, { vars: {} })).toThrow(
      /unknown placeholder \$\{demo\.forum\}/,
    );
  });

  it('the classifieds selectors match the list and detail pages', async () => {
    const { extract, startUrls } = sources.get('demo-classifieds.yaml')!;
    if (extract.kind !== 'listing') throw new Error('listing expected');
    const list = await getPage(startUrls[0]!);
    expect(yields(list, extract.itemLinks)).toBe(true);
    expect(yields(list, extract.nextPage!)).toBe(true);
    const withAll = sites.items.classifieds.find((id) => corpus.get(id)!.commune !== null)!;
    const detail = await getPage(sites.locate(withAll).url);
    for (const [name, selector] of Object.entries(extract.fields)) {
      expect([name, yields(detail, selector!)]).toEqual([name, true]);
    }
  });

  it('the forum selectors match the thread list and thread pages', async () => {
    const { extract, startUrls } = sources.get('demo-forum.yaml')!;
    if (extract.kind !== 'forum') throw new Error('forum expected');
    const list = await getPage(startUrls[0]!);
    expect(yields(list, extract.threadLinks)).toBe(true);
    expect(yields(list, extract.nextPage!)).toBe(true);
    const thread = await getPage(sites.locate(sites.items.forum[0]!).url.replace(/#.*/, ''));
    expect(yields(thread, extract.threadTitle!)).toBe(true);
    const posts = thread(extract.post);
    expect(posts.length).toBeGreaterThan(1);
    for (const post of posts.toArray()) {
      for (const selector of Object.values(extract.postFields))
        expect(yields(thread, selector!, thread(post))).toBe(true);
    }
  });

  it('the telegram and feed sources point at a channel preview and a feed', async () => {
    const tg = await getPage(sources.get('demo-telegram.yaml')!.startUrls[0]!);
    expect(tg('.tgme_widget_message[data-post]').length).toBeGreaterThan(0);
    const res = await fetch(sources.get('demo-feed.yaml')!.startUrls[0]!);
    expect(load(await res.text(), { xml: true })('rss > channel > item').length).toBe(
      sites.items.feed.length,
    );
  });

  it('the shop selectors match the pages once a browser has run the script', async () => {
    const { extract, startUrls, fetch: fetchRules } = sources.get('demo-shop.yaml')!;
    if (extract.kind !== 'listing') throw new Error('listing expected');
    const browser = await launchChromium(process.env.VIGIE_CHROMIUM_PATH);
    try {
      const page = await browser.newPage();
      await page.goto(startUrls[0]!);
      await page.waitForSelector(fetchRules.waitFor!);
      const list = load(await page.content());
      expect(yields(list, extract.itemLinks)).toBe(true);
      expect(yields(list, extract.nextPage!)).toBe(true);
      const withAll = sites.items.shop.find((id) => corpus.get(id)!.commune !== null)!;
      await page.goto(sites.locate(withAll).url);
      await page.waitForSelector(fetchRules.waitFor!);
      const detail = load(await page.content());
      for (const [name, selector] of Object.entries(extract.fields)) {
        expect([name, yields(detail, selector!)]).toEqual([name, true]);
      }
    } finally {
      await browser.close();
    }
  });
});
