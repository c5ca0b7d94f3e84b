import { load } from 'cheerio/slim';
import type { ExtractRules } from '../../domain/index.ts';
import type { FetchedPage } from '../fetcher.ts';
import { cap, isoDate, parseSelector, pick, pickAll, textOf } from './dom.ts';
import { readJsonLd } from './json-ld.ts';
import { LIMITS, type CrawlTask, type KindHandler, type PageExtraction } from './kind.ts';

type ListingRules = Extract<ExtractRules, { kind: 'listing' }>;

/** Classified ads: list pages link to detail pages, which hold one listing each. */
export function createListingKind(rules: ListingRules): KindHandler {
  const { title, text, externalId, ...optional } = rules.fields;

  function list(page: FetchedPage): PageExtraction {
    const $ = load(page.text);
    const links: CrawlTask[] = pickAll($, null, rules.itemLinks, page.finalUrl, true)
      .slice(0, LIMITS.links)
      .map((url) => ({ url, role: 'detail' }));
    if (rules.nextPage) {
      const [next] = pickAll($, null, rules.nextPage, page.finalUrl, true);
      if (next) links.push({ url: next, role: 'list' });
    }
    return { listings: [], links, seenIds: [] };
  }

  function detail(page: FetchedPage, task: CrawlTask): PageExtraction {
    const $ = load(page.text);
    const ld = readJsonLd($);
    const fields: Record<string, string> = {};
    for (const [name, selector] of [
      ...Object.entries(optional),
      ...Object.entries(rules.extraFields ?? {}),
    ]) {
      const value = selector ? pick($, null, selector, page.finalUrl) : null;
      if (value) fields[name] = cap(value, LIMITS.field);
    }
    for (const [name, value] of Object.entries(ld?.fields ?? {})) fields[name] ??= cap(value, LIMITS.field);
    const titleValue = pick($, null, title, page.finalUrl) ?? ld?.name ?? textOf($('title'));
    const textValue = pick($, null, text, page.finalUrl) ?? ld?.description ?? '';
    const links: CrawlTask[] = rules.relatedLinks
      ? pickAll($, null, rules.relatedLinks, page.finalUrl, true)
          .slice(0, LIMITS.links)
          .map((url) => ({ url, role: 'detail' }))
      : [];
    // No body at all means the page is not an ad in the expected layout (redesign, soft 404).
    if (!textValue && $(parseSelector(text).css || ':root').length === 0) {
      return {
        listings: [],
        links,
        seenIds: [],
        problem: `text selector "${text}" matched nothing on the detail page`,
      };
    }
    const id = externalId ? pick($, null, externalId, page.finalUrl) : null;
    return {
      listings: [
        {
          externalId: cap(id ?? task.url, LIMITS.field),
          url: page.finalUrl,
          title: cap(titleValue, LIMITS.title),
          text: cap(textValue, LIMITS.text),
          fields: Object.fromEntries(Object.entries(fields).slice(0, LIMITS.fields)),
          postedAt: isoDate(fields.postedAt),
        },
      ],
      links,
      seenIds: [],
    };
  }

  return {
    startRole: 'list',
    idFromUrl: (task) => (task.role === 'detail' && !externalId ? task.url : null),
    conditional: (task) => task.role === 'detail' && !externalId,
    extract: (page, task) => (task.role === 'list' ? list(page) : detail(page, task)),
    selectors: () =>
      [
        rules.itemLinks,
        rules.nextPage,
        rules.relatedLinks,
        ...Object.values(rules.fields),
        ...Object.values(rules.extraFields ?? {}),
      ].filter((s): s is string => typeof s === 'string'),
  };
}
