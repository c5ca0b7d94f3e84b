import { load } from 'cheerio/slim';
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';
import type { FetchedPage } from '../fetcher.ts';
import { normalizeUrl } from '../url.ts';
import { cap, isoDate, textOf } from './dom.ts';
import { LIMITS, type KindHandler, type ListingDraft, type PageExtraction } from './kind.ts';

/** Text of an element that may hold escaped or CDATA HTML (RSS descriptions, Atom html content). */
function htmlText(el: Cheerio<AnyNode>): string {
  const inner = el.text();
  if (!/[<&]/.test(inner)) return inner.replace(/\s+/g, ' ').trim();
  return textOf(load(inner).root());
}

function child($: CheerioAPI, item: Cheerio<AnyNode>, ...names: string[]): Cheerio<AnyNode> {
  for (const name of names) {
    const found = item.children(name.replace(':', '\\:')).first();
    if (found.length > 0 && found.text().trim() !== '') return found;
  }
  return $([]);
}

function rssItem($: CheerioAPI, item: Cheerio<AnyNode>, base: string): ListingDraft | null {
  const link = normalizeUrl(child($, item, 'link').text(), base);
  const guid = child($, item, 'guid').text().trim();
  const id = guid || link;
  if (!id) return null;
  const fields: Record<string, string> = {};
  const author = child($, item, 'author', 'dc:creator').text().trim();
  if (author) fields.author = cap(author, LIMITS.field);
  const categories = item
    .children('category')
    .toArray()
    .map((c) => $(c).text().trim())
    .filter(Boolean);
  if (categories.length) fields.categories = cap(categories.join(', '), LIMITS.field);
  if (link) fields.link = link;
  return {
    externalId: cap(id, LIMITS.field),
    url: link ?? base,
    title: cap(htmlText(child($, item, 'title')), LIMITS.title),
    text: cap(htmlText(child($, item, 'content:encoded', 'description')), LIMITS.text),
    fields,
    postedAt: isoDate(child($, item, 'pubDate', 'dc:date').text()),
  };
}

function atomLink($: CheerioAPI, node: Cheerio<AnyNode>, rel: string, base: string): string | null {
  const links = node.children('link').toArray();
  const found = links.find((l) => ($(l).attr('rel') ?? 'alternate') === rel);
  return found ? normalizeUrl($(found).attr('href') ?? '', base) : null;
}

function atomEntry($: CheerioAPI, entry: Cheerio<AnyNode>, base: string): ListingDraft | null {
  const link = atomLink($, entry, 'alternate', base);
  const id = child($, entry, 'id').text().trim() || link;
  if (!id) return null;
  const fields: Record<string, string> = {};
  const author = child($, entry.children('author').first(), 'name').text().trim();
  if (author) fields.author = cap(author, LIMITS.field);
  const categories = entry
    .children('category')
    .toArray()
    .map((c) => $(c).attr('term') ?? $(c).attr('label') ?? '')
    .filter(Boolean);
  if (categories.length) fields.categories = cap(categories.join(', '), LIMITS.field);
  if (link) fields.link = link;
  return {
    externalId: cap(id, LIMITS.field),
    url: link ?? base,
    title: cap(htmlText(child($, entry, 'title')), LIMITS.title),
    text: cap(htmlText(child($, entry, 'content', 'summary')), LIMITS.text),
    fields,
    postedAt: isoDate(child($, entry, 'published', 'updated').text()),
  };
}

/** RSS 2.0 (and RSS 1.0) and Atom feeds: one listing per item; Atom `rel="next"` pages are followed. */
export function createFeedKind(): KindHandler {
  function extract(page: FetchedPage): PageExtraction {
    const $ = load(page.text, { xml: true });
    const result: PageExtraction = { listings: [], links: [], seenIds: [] };
    const rssItems = $('rss > channel > item, rdf\\:RDF > item');
    const feed = $('feed').first();
    let drafts: (ListingDraft | null)[];
    if (rssItems.length > 0 || $('rss > channel').length > 0) {
      drafts = rssItems
        .toArray()
        .slice(0, LIMITS.items)
        .map((el) => rssItem($, $(el), page.finalUrl));
    } else if (feed.length > 0) {
      drafts = feed
        .children('entry')
        .toArray()
        .slice(0, LIMITS.items)
        .map((el) => atomEntry($, $(el), page.finalUrl));
      const next = atomLink($, feed, 'next', page.finalUrl);
      if (next) result.links.push({ url: next, role: 'list' });
    } else {
      result.problem = 'not an RSS 2.0 or Atom feed';
      return result;
    }
    for (const draft of drafts) {
      if (draft && (draft.title || draft.text)) result.listings.push(draft);
      else if (draft) result.seenIds.push(draft.externalId);
    }
    return result;
  }

  return {
    startRole: 'list',
    idFromUrl: () => null,
    conditional: () => false,
    extract: (page) => extract(page),
    selectors: () => [],
  };
}
