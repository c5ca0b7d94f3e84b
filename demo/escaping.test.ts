import { load } from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SITE_OF_PLATFORM } from './catalog.ts';
import type { CorpusItem, Platform } from './corpus.ts';
import { startDemoSites, type DemoSites } from './index.ts';
import { CHANNEL } from './telegram.ts';
import { feedText, get } from './test-support.ts';

const TITLE = '<script>alert("title")</script> & <b>bold</b>';
const TEXT = `</script><script>alert(1)</script>\n<img src=x onerror=alert(2)> "double" 'single' &amp; ]]> --> \u2028end`;
const RAW_MARKERS = ['<script>alert', '<img src=x', '<b>bold', '</script><script>'];

// One hostile item per platform, so every site and every template gets it.
const platforms = Object.keys(SITE_OF_PLATFORM) as Platform[];
const hostile: CorpusItem[] = platforms.map((platform, i) => ({
  id: `hostile-${i}`,
  lang: 'fr',
  platform,
  title: platform === 'telegram' ? '' : TITLE,
  text: TEXT,
  labels: [],
  substances: [],
  commune: '<i>Ixelles</i>',
  contacts: [],
  actor: '<u>a1</u>',
  hard_negative: false,
  note: 'escaping test',
}));

let sites: DemoSites;
beforeAll(async () => {
  sites = await startDemoSites({ corpus: hostile });
});
afterAll(async () => {
  await sites.close();
});

async function body(url: string): Promise<string> {
  const res = await get(url);
  expect(res.status).toBe(200);
  for (const marker of RAW_MARKERS) expect(res.text).not.toContain(marker);
  return res.text;
}

const idOn = (platform: Platform) => `hostile-${platforms.indexOf(platform)}`;

describe('hostile corpus text is escaped on every site', () => {
  it('classifieds: list, detail and JSON-LD', async () => {
    const list = load(await body(`${sites.urls.classifieds}/annonces`));
    expect(list('a.ad-link').first().text()).toBe(TITLE);
    const html = await body(sites.locate(idOn('classifieds')).url);
    const $ = load(html);
    expect($('h1.ad-title').text()).toBe(TITLE);
    expect($('.ad-description').text()).toBe(TEXT);
    expect($('.ad-commune').text()).toBe('<i>Ixelles</i>');
    expect($('script')).toHaveLength(1);
    const ld = JSON.parse($('script[type="application/ld+json"]').text());
    expect(ld.name).toBe(TITLE);
    expect(ld.description).toBe(TEXT);
  });

  it('telegram preview', async () => {
    const $ = load(await body(`${sites.urls.telegram}/s/${CHANNEL}`));
    const text = $('.tgme_widget_message_text').first().clone();
    text.find('br').replaceWith('\n');
    expect(text.text()).toBe(TEXT);
    expect($('.tgme_widget_message_text img, .tgme_widget_message_text script')).toHaveLength(0);
    const single = load(await body(sites.locate(idOn('telegram')).url));
    expect(single('meta[property="og:description"]').attr('content')).toBe(TEXT);
  });

  it('forum thread list and posts', async () => {
    expect(load(await body(`${sites.urls.forum}/forum`))('a.thread-link').text()).toBe(TITLE);
    const $ = load(await body(sites.locate(idOn('forum')).url.replace(/#.*/, '')));
    expect($('h1.thread-title').text()).toBe(TITLE);
    expect($('.post-body').first().text()).toBe(TEXT);
    expect($('.post-author').first().text()).toBe('user_<u>a1</u>');
  });

  it('RSS and Atom stay well-formed and carry the text; XML-illegal characters are dropped', async () => {
    sites.edit(idOn('news'), `${TEXT}\u0001\u0008`);
    for (const path of ['/rss.xml', '/atom.xml']) {
      const xml = await body(sites.urls.feed + path);
      expect(xml.includes('\u0001') || xml.includes('\u0008')).toBe(false);
      const $ = load(xml, { xml: true });
      const texts = $('item > description, entry > content')
        .map((_, el) => feedText($(el).text()))
        .get();
      expect(texts).toEqual([TEXT, TEXT]);
      // The decoded HTML a reader renders holds no element from the text.
      $('item > description, entry > content').each((_, el) => {
        expect(
          load($(el).text())('body *')
            .toArray()
            .every((n) => n.tagName === 'br'),
        ).toBe(true);
      });
      expect($('item > title, entry > title').first().text()).toBe(TITLE);
    }
    sites.reset();
  });

  it('shop: the JSON API carries the text, the HTML shell none of it', async () => {
    const shell = await body(sites.urls.shop + '/boutique');
    expect(shell).not.toContain('alert');
    const data = JSON.parse((await get(`${sites.urls.shop}/api/items`)).text);
    expect(data.items[0].text).toBe(TEXT);
  });
});
