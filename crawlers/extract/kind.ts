import type { FetchedPage } from '../fetcher.ts';

/** What a page is to its source: a list of items, one item's page, or a forum thread. */
export type PageRole = 'list' | 'detail' | 'thread';

export interface CrawlTask {
  url: string;
  role: PageRole;
}

/** A listing as a kind extracts it; the engine adds source, evidence and hash. */
export interface ListingDraft {
  externalId: string;
  url: string;
  title: string;
  text: string;
  fields: Record<string, string>;
  postedAt: string | null;
}

export interface PageExtraction {
  listings: ListingDraft[];
  /** Absolute URLs to visit next; the engine normalises, scopes and de-duplicates them. */
  links: CrawlTask[];
  /** Items present on the page but not worth a listing (e.g. a media-only message). */
  seenIds: string[];
  /** Set when the page did not look like what the rules expect (counted as a `parse` error). */
  problem?: string;
}

/** How one source kind reads its pages. */
export interface KindHandler {
  startRole: PageRole;
  /** The listing id a page has from its URL alone, when the kind allows it (needed for 304 and removals). */
  idFromUrl(task: CrawlTask): string | null;
  /** Whether the page may be fetched with a conditional GET. */
  conditional(task: CrawlTask): boolean;
  extract(page: FetchedPage, task: CrawlTask): PageExtraction;
  /** Every CSS selector of the rules, checked once before the crawl. */
  selectors(): string[];
}

/** Field bounds: scraped content is hostile and must not blow up storage or the classifier. */
export const LIMITS = {
  title: 300,
  text: 20_000,
  field: 1_000,
  fields: 40,
  links: 2_000,
  items: 500,
} as const;
