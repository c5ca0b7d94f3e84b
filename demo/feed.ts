import type { DemoCatalog, DemoItem } from './catalog.ts';
import { frenchDate, isoDate } from './format.ts';
import { escapeHtml, escapeXml, markup, page, raw } from './html.ts';
import { PERMISSIVE_ROBOTS, htmlReply, textReply, type Handler } from './http.ts';

const FEED_TITLE = 'Bruxelles Info – actualités et pastes';

/** Where an item of the feed site lives: news → /article/ID, pastes → /paste/ID. */
export function feedItemPath(item: DemoItem): string {
  return `/${item.platform === 'paste' ? 'paste' : 'article'}/${item.siteId}`;
}

/** The item text as the entity-encoded HTML most feeds carry: escaped, line breaks as `<br/>`. */
function htmlBody(text: string): string {
  return escapeHtml(text).replace(/\n/g, '<br/>');
}

function author(item: DemoItem): string {
  return item.platform === 'paste' ? item.seller : 'Rédaction';
}

function rss(items: DemoItem[], base: string): string {
  const entries = items.map((item) => {
    const link = escapeXml(base + feedItemPath(item));
    return `<item>
<title>${escapeXml(item.title)}</title>
<link>${link}</link>
<guid isPermaLink="true">${link}</guid>
<pubDate>${item.postedAt.toUTCString()}</pubDate>
<dc:creator>${escapeXml(author(item))}</dc:creator>
<category>${item.platform === 'paste' ? 'paste' : 'actualité'}</category>
<description>${escapeXml(htmlBody(item.text))}</description>
</item>`;
  });
  const updated = items[0]?.updatedAt ?? new Date(0);
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>${escapeXml(FEED_TITLE)}</title>
<link>${escapeXml(base)}/</link>
<description>Actualités bruxelloises et pastes publics</description>
<language>fr-BE</language>
<lastBuildDate>${updated.toUTCString()}</lastBuildDate>
<atom:link href="${escapeXml(base)}/rss.xml" rel="self" type="application/rss+xml"/>
${entries.join('\n')}
</channel>
</rss>
`;
}

function atom(items: DemoItem[], base: string): string {
  const entries = items.map((item) => {
    const link = escapeXml(base + feedItemPath(item));
    return `<entry>
<title type="text">${escapeXml(item.title)}</title>
<id>${link}</id>
<link rel="alternate" type="text/html" href="${link}"/>
<published>${isoDate(item.postedAt)}</published>
<updated>${isoDate(item.updatedAt)}</updated>
<author><name>${escapeXml(author(item))}</name></author>
<content type="html">${escapeXml(htmlBody(item.text))}</content>
</entry>`;
  });
  const updated = items.reduce((max, i) => (i.updatedAt > max ? i.updatedAt : max), new Date(0));
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr-BE">
<title>${escapeXml(FEED_TITLE)}</title>
<id>${escapeXml(base)}/</id>
<link rel="self" type="application/atom+xml" href="${escapeXml(base)}/atom.xml"/>
<link rel="alternate" type="text/html" href="${escapeXml(base)}/"/>
<updated>${isoDate(updated)}</updated>
${entries.join('\n')}
</feed>
`;
}

const STYLE = raw('<style>.entry-text{white-space:pre-line}</style>');

function itemPage(item: DemoItem): string {
  const body = markup`<header><a href="/">Bruxelles Info</a></header>
    <main>
      <article class="entry" data-id="${item.siteId}">
        <h1 class="entry-title">${item.title}</h1>
        <p class="entry-meta">
          <span class="entry-author">${author(item)}</span> ·
          <time class="entry-date" datetime="${isoDate(item.postedAt)}">${frenchDate(item.postedAt)}</time>
        </p>
        <div class="entry-text">${item.text}</div>
      </article>
    </main>`;
  return page(item.title, body, STYLE);
}

/** The feed site: `/rss.xml` and `/atom.xml` with every visible news and paste item, newest first. */
export function createFeedSite(catalog: DemoCatalog, baseUrl: () => string): Handler {
  return (_req, url) => {
    const path = url.pathname;
    const items = catalog.visible('feed').reverse();
    if (path === '/robots.txt') return textReply(PERMISSIVE_ROBOTS);
    if (path === '/rss.xml') {
      return {
        status: 200,
        body: rss(items, baseUrl()),
        headers: { 'content-type': 'application/rss+xml; charset=utf-8' },
      };
    }
    if (path === '/atom.xml') {
      return {
        status: 200,
        body: atom(items, baseUrl()),
        headers: { 'content-type': 'application/atom+xml; charset=utf-8' },
      };
    }
    if (path === '/') {
      const links = markup`<link rel="alternate" type="application/rss+xml" href="/rss.xml" /><link
          rel="alternate"
          type="application/atom+xml"
          href="/atom.xml"
        />`;
      const list = items.map((i) => markup`<li><a href="${feedItemPath(i)}">${i.title}</a></li>`);
      return htmlReply(
        page(
          'Bruxelles Info',
          markup`<h1>Bruxelles Info</h1>
            <ul class="entries">
              ${list}
            </ul>`,
          links,
        ),
      );
    }
    const m = /^\/(article|paste)\/(\d{1,9})$/.exec(path);
    const item = m ? catalog.find('feed', Number(m[2])) : undefined;
    if (item && feedItemPath(item) === path) return htmlReply(itemPage(item));
    return htmlReply(page('Introuvable', markup`<p>Page introuvable.</p>`), 404);
  };
}
