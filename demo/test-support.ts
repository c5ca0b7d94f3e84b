import { load, type CheerioAPI } from 'cheerio';
import { loadCorpus, type CorpusItem } from './corpus.ts';

/** The bundled corpus by id (tests compare what the sites serve with it). */
export function corpusById(): Map<string, CorpusItem> {
  return new Map(loadCorpus().map((item) => [item.id, item]));
}

/** GET `url` and return status, headers and body text. */
export async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers, redirect: 'manual' });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** GET an HTML page that must answer 200, parsed with cheerio. */
export async function getPage(url: string): Promise<CheerioAPI> {
  const res = await get(url);
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
  return load(res.text);
}

/** Follows `next` links from `start` and returns every page visited, parsed (bounded against loops). */
export async function walk(start: string, nextSelector: string, max = 200): Promise<CheerioAPI[]> {
  const pages: CheerioAPI[] = [];
  const seen = new Set<string>();
  let url: string | null = start;
  while (url && pages.length < max) {
    if (seen.has(url)) throw new Error(`pagination loops back to ${url}`);
    seen.add(url);
    const $ = await getPage(url);
    pages.push($);
    const href = $(nextSelector).attr('href');
    url = href ? new URL(href, url).href : null;
  }
  return pages;
}

/** Text of a feed description or Atom content: entity-encoded HTML with `<br/>` line breaks. */
export function feedText(encodedHtml: string): string {
  const $ = load(encodedHtml);
  $('br').replaceWith('\n');
  return $.root().text();
}
