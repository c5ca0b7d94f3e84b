import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite/index.ts';
import type { Store } from '../store/types.ts';
import { runCrawl } from './index.ts';
import { collectingSink, serve, tempDir, testDeps, testSource } from './test-support.ts';
import type { CrawlDeps } from './types.ts';

let tmp: ReturnType<typeof tempDir>;
let store: Store;
let deps: CrawlDeps;
const servers: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  tmp = tempDir();
  store = await openSqliteStore(join(tmp.dir, 'vigie.db'));
  deps = testDeps(tmp.dir, store.httpCache);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await store.close();
  tmp.cleanup();
});

async function fixture(routes: Parameters<typeof serve>[0]) {
  const server = await serve(routes);
  servers.push(server);
  return server;
}

/** A message as t.me/s/NAME renders it. */
function tgMessage(
  id: number,
  text: string,
  opts: { views?: string; reply?: string; media?: boolean } = {},
): string {
  const reply = opts.reply
    ? `<a class="tgme_widget_message_reply" href="https://t.me/bxl_test/1"><div class="tgme_widget_message_author accent_color"><span class="tgme_widget_message_author_name">Quoted</span></div><div class="tgme_widget_message_text js-message_reply_text" dir="auto">${opts.reply}</div></a>`
    : '';
  const body = text ? `<div class="tgme_widget_message_text js-message_text" dir="auto">${text}</div>` : '';
  const media = opts.media
    ? '<a class="tgme_widget_message_photo_wrap" href="https://t.me/bxl_test/9" style="width:100px"></a>'
    : '';
  return `<div class="tgme_widget_message_wrap js-widget_message_wrap"><div class="tgme_widget_message text_not_supported_wrap js-widget_message" data-post="bxl_test/${id}" data-view="abc">
  <div class="tgme_widget_message_bubble">
    <div class="tgme_widget_message_author accent_color"><a class="tgme_widget_message_owner_name" href="https://t.me/bxl_test"><span dir="auto">Bxl Test</span></a></div>
    ${reply}${media}${body}
    <div class="tgme_widget_message_footer compact js-message_footer"><div class="tgme_widget_message_info short js-message_info">
      <span class="tgme_widget_message_views">${opts.views ?? '1.2K'}</span><span class="copyonly"> views</span>
      <span class="tgme_widget_message_meta"><a class="tgme_widget_message_date" href="https://t.me/bxl_test/${id}"><time datetime="2024-03-0${id % 9}T10:15:00+00:00" class="time">10:15</time></a></span>
    </div></div>
  </div></div></div>`;
}

const tgPage = (messages: string, before?: number) =>
  `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Bxl Test – Telegram</title></head><body class="widget_frame_base tgme_webpreview_body">
<main class="tgme_main"><div class="tgme_container"><div class="tgme_channel_info"><div class="tgme_channel_info_header_title"><span dir="auto">Bxl Test</span></div></div>
<section class="tgme_channel_history js-message_history">
${before ? `<div class="tme_messages_more_wrap"><a href="/s/bxl_test?before=${before}" class="tme_messages_more js-messages_more" data-before="${before}"></a></div>` : ''}
${messages}</section></div></main></body></html>`;

describe('telegram kind', () => {
  it('reads every message of a channel preview and goes back through ?before= pages', async () => {
    const server = await fixture({
      '/s/bxl_test': (_req, res, url) => {
        const before = url.searchParams.get('before');
        const page =
          before === '4'
            ? tgPage(tgMessage(2, 'Vieux message: <b>weed</b> dispo') + tgMessage(3, '', { media: true }))
            : tgPage(
                tgMessage(4, 'Livraison Anderlecht<br/>Prix 10€/g', { views: '987' }) +
                  tgMessage(5, 'Oui toujours dispo', { reply: 'Encore dispo ?' }),
                4,
              );
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
      },
    });
    const sink = collectingSink();
    const result = await runCrawl(
      testSource({
        kind: 'telegram',
        startUrls: [`${server.url}/s/bxl_test`],
        extract: { kind: 'telegram' },
      }),
      sink,
      deps,
    );
    expect(result.stats.pagesFetched).toBe(2);
    expect(result.complete).toBe(true);
    const byId = new Map(sink.listings.map((l) => [l.externalId, l]));
    expect([...byId.keys()].sort()).toEqual(['bxl_test/2', 'bxl_test/4', 'bxl_test/5']);
    expect(byId.get('bxl_test/4')).toMatchObject({
      url: 'https://t.me/bxl_test/4',
      title: 'Livraison Anderlecht',
      text: 'Livraison Anderlecht\nPrix 10€/g',
      postedAt: '2024-03-04T10:15:00.000Z',
      fields: { views: '987', author: 'Bxl Test', channel: 'bxl_test' },
    });
    // A reply's own text, not the quoted one.
    expect(byId.get('bxl_test/5')!.text).toBe('Oui toujours dispo');
    expect(byId.get('bxl_test/2')!.text).toBe('Vieux message: weed dispo');
    // The media-only message has nothing to classify but is still on the channel.
    expect(result.seenExternalIds.sort()).toEqual(['bxl_test/2', 'bxl_test/3', 'bxl_test/4', 'bxl_test/5']);
  });

  it('counts a page that is not a channel preview as a parse error', async () => {
    const server = await fixture({ '/s/nothing': '<html><body><p>Channel not found</p></body></html>' });
    const result = await runCrawl(
      testSource({ kind: 'telegram', startUrls: [`${server.url}/s/nothing`], extract: { kind: 'telegram' } }),
      collectingSink(),
      deps,
    );
    expect(result.stats.errors).toEqual({ parse: 1 });
    expect(result.complete).toBe(false);
  });
});

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Petites annonces</title><link>http://example.org/</link><description>Flux</description>
<item><title>Lampe HPS 600W</title><link>http://example.org/a/1</link><guid isPermaLink="false">ad-1</guid>
<description><![CDATA[<p>Lampe <b>600W</b> + ballast.</p><p>Schaerbeek</p>]]></description>
<pubDate>Tue, 05 Mar 2024 09:30:00 +0100</pubDate><dc:creator>grower_bxl</dc:creator><category>jardin</category><category>éclairage</category></item>
<item><title>Sans guid</title><link>http://example.org/a/2</link><description>Texte &amp; plus</description></item>
</channel></rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Forum feed</title><id>urn:feed</id><updated>2024-03-05T10:00:00Z</updated>
<link rel="next" href="/atom-2.xml"/>
<entry><id>urn:entry:1</id><title type="html">Plan &lt;b&gt;coke&lt;/b&gt; Ixelles</title><link rel="alternate" href="http://example.org/t/1"/>
<published>2024-03-05T10:00:00Z</published><updated>2024-03-06T10:00:00Z</updated><author><name>anon42</name></author>
<category term="ventes"/><content type="html">&lt;p&gt;Livraison 24/7&lt;/p&gt;</content></entry>
</feed>`;

const ATOM_2 = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Forum feed</title><id>urn:feed</id>
<entry><id>urn:entry:0</id><title>Older</title><link href="http://example.org/t/0"/><updated>2024-03-01T10:00:00Z</updated><summary>Plus ancien</summary></entry>
</feed>`;

describe('feed kind', () => {
  it('reads RSS 2.0 items (guid, HTML description, dc:creator, categories)', async () => {
    const server = await fixture({ '/rss.xml': RSS });
    const sink = collectingSink();
    const result = await runCrawl(
      testSource({ kind: 'feed', startUrls: [`${server.url}/rss.xml`], extract: { kind: 'feed' } }),
      sink,
      deps,
    );
    expect(result.complete).toBe(true);
    expect(sink.listings).toHaveLength(2);
    expect(sink.listings[0]).toMatchObject({
      externalId: 'ad-1',
      url: 'http://example.org/a/1',
      title: 'Lampe HPS 600W',
      text: 'Lampe 600W + ballast.\n\nSchaerbeek',
      postedAt: '2024-03-05T08:30:00.000Z',
      fields: { author: 'grower_bxl', categories: 'jardin, éclairage', link: 'http://example.org/a/1' },
    });
    expect(sink.listings[1]).toMatchObject({
      externalId: 'http://example.org/a/2',
      text: 'Texte & plus',
      postedAt: null,
    });
  });

  it('reads Atom entries and follows rel="next"', async () => {
    const server = await fixture({ '/atom.xml': ATOM, '/atom-2.xml': ATOM_2 });
    const sink = collectingSink();
    await runCrawl(
      testSource({ kind: 'feed', startUrls: [`${server.url}/atom.xml`], extract: { kind: 'feed' } }),
      sink,
      deps,
    );
    expect(sink.listings.map((l) => l.externalId)).toEqual(['urn:entry:1', 'urn:entry:0']);
    expect(sink.listings[0]).toMatchObject({
      url: 'http://example.org/t/1',
      title: 'Plan coke Ixelles',
      text: 'Livraison 24/7',
      postedAt: '2024-03-05T10:00:00.000Z',
      fields: { author: 'anon42', categories: 'ventes' },
    });
    expect(sink.listings[1]).toMatchObject({ url: 'http://example.org/t/0', text: 'Plus ancien' });
  });

  it('counts a document that is no feed as a parse error', async () => {
    const server = await fixture({ '/not-a-feed.xml': '<html><body>Oops</body></html>' });
    const result = await runCrawl(
      testSource({ kind: 'feed', startUrls: [`${server.url}/not-a-feed.xml`], extract: { kind: 'feed' } }),
      collectingSink(),
      deps,
    );
    expect(result.stats.errors).toEqual({ parse: 1 });
    expect(result.failures[0]!.message).toMatch(/not an RSS 2.0 or Atom feed/);
  });
});

function forumPost(id: number, author: string, text: string): string {
  return `<div class="post" id="p${id}"><div class="postprofile"><a class="username">${author}</a></div>
  <div class="postbody"><time datetime="2024-02-1${id % 9}T20:00:00Z">il y a 2 jours</time><div class="content">${text}</div></div></div>`;
}

const forumRoutes = {
  '/forum': `<html><body><h2>Vente</h2><ul><li><a class="topictitle" href="/thread/1">Plan matos</a></li></ul><a class="next" href="/forum/page-2">›</a></body></html>`,
  '/forum/page-2': `<html><body><ul><li><a class="topictitle" href="/thread/2">Question culture</a></li><li><a class="topictitle" href="/thread/1">Plan matos (dup)</a></li></ul></body></html>`,
  '/thread/1': `<html><head><title>Plan matos - Forum</title></head><body><h1 class="topic-title">Plan matos</h1>
    ${forumPost(11, 'vendeur', 'Je vends lampes et <br>engrais.')}${forumPost(12, 'client', 'Combien ?')}
    <a class="thread-next" href="/thread/1?page=2">2</a></body></html>`,
  '/thread/2': `<html><body><h1 class="topic-title">Question culture</h1>${forumPost(21, 'novice', 'Quelle terre ?')}</body></html>`,
};

describe('forum kind', () => {
  it('walks the thread list pages, then each thread and its pages, one listing per post', async () => {
    const server = await fixture({
      ...forumRoutes,
      '/thread/1': (_req, res, url) => {
        const page =
          url.searchParams.get('page') === '2'
            ? `<html><body><h1 class="topic-title">Plan matos</h1>${forumPost(13, 'vendeur', 'Toujours dispo, MP.')}</body></html>`
            : forumRoutes['/thread/1'];
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
      },
    });
    const sink = collectingSink();
    const result = await runCrawl(
      testSource({
        kind: 'forum',
        startUrls: [`${server.url}/forum`],
        extract: {
          kind: 'forum',
          threadLinks: 'a.topictitle',
          nextPage: 'a.next',
          threadTitle: 'h1.topic-title',
          threadNextPage: 'a.thread-next',
          post: 'div.post',
          postFields: { author: '.username', text: '.content', postedAt: 'time@datetime', externalId: '@id' },
        },
      }),
      sink,
      deps,
    );
    expect(result.stats.pagesFetched).toBe(5);
    expect(result.complete).toBe(true);
    const byId = new Map(sink.listings.map((l) => [l.externalId, l]));
    expect([...byId.keys()].sort()).toEqual(['p11', 'p12', 'p13', 'p21']);
    expect(byId.get('p11')).toMatchObject({
      url: `${server.url}/thread/1#p11`,
      title: 'Plan matos',
      text: 'Je vends lampes et\nengrais.',
      postedAt: '2024-02-12T20:00:00.000Z',
      fields: { author: 'vendeur', thread: 'Plan matos', threadUrl: `${server.url}/thread/1` },
    });
    expect(byId.get('p13')!.fields.threadUrl).toBe(`${server.url}/thread/1?page=2`);
    expect(result.seenExternalIds.sort()).toEqual(['p11', 'p12', 'p13', 'p21']);
  });
});
