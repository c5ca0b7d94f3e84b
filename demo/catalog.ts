import { AppError } from '../domain/errors.ts';
import {
  deriveTitle,
  extractPrice,
  sellerName,
  stableHash,
  type CorpusItem,
  type Platform,
} from './corpus.ts';

export const SITE_NAMES = ['classifieds', 'telegram', 'forum', 'feed', 'shop'] as const;
export type SiteName = (typeof SITE_NAMES)[number];

/** Every corpus platform lives on exactly one demo site. */
export const SITE_OF_PLATFORM: Record<Platform, SiteName> = {
  classifieds: 'classifieds',
  jobs: 'classifieds',
  realestate: 'classifieds',
  social: 'classifieds',
  telegram: 'telegram',
  forum: 'forum',
  news: 'feed',
  paste: 'feed',
  shop: 'shop',
};

// First id of each site: realistic-looking numbers that never collide between sites.
const FIRST_ID: Record<SiteName, number> = {
  classifieds: 48210,
  telegram: 1204,
  forum: 310,
  feed: 7020,
  shop: 5501,
};

/** A corpus item as one demo site shows it. */
export interface DemoItem {
  corpusId: string;
  site: SiteName;
  platform: Platform;
  lang: CorpusItem['lang'];
  /** The site's own id (ad number, message id, thread id, article id, product id); grows with time. */
  siteId: number;
  title: string;
  text: string;
  price: { display: string; amount: number } | null;
  commune: string | null;
  seller: string;
  postedAt: Date;
  /** Last change (Last-Modified); equals postedAt until `edit`. */
  updatedAt: Date;
  /** Deterministic per item: view counters and reply counts derive from it. */
  seed: number;
}

/** What `edit` may change; a string replaces the text. */
export type ItemChanges = string | { title?: string; text?: string };

/** Longest text `edit` accepts: the demo is not a place to store megabytes. */
export const MAX_EDIT_CHARS = 20_000;

/** The demo sites' shared state: which corpus item is where, visible or hidden, and its current text. */
export class DemoCatalog {
  private readonly bySite = new Map<SiteName, DemoItem[]>();
  private readonly byCorpusId = new Map<string, DemoItem>();
  private readonly originals = new Map<string, DemoItem>();
  private readonly hidden = new Set<string>();

  /** `newest` is the date of each site's most recent item; older ones go back from it. */
  constructor(corpus: readonly CorpusItem[], newest: Date) {
    for (const site of SITE_NAMES) {
      // A stable shuffle, so French, Dutch and English items (and platforms) interleave on every page.
      const onSite = corpus
        .filter((c) => SITE_OF_PLATFORM[c.platform] === site)
        .sort((a, b) => stableHash(a.id) - stableHash(b.id) || a.id.localeCompare(b.id));
      // Walk back from the newest item so dates and ids grow together, with irregular gaps.
      const dates: Date[] = [];
      let t = newest.getTime();
      for (let i = onSite.length - 1; i >= 0; i--) {
        dates[i] = new Date(t);
        t -= (17 + (stableHash(onSite[i]!.id) % 97)) * 60_000;
      }
      let siteId = FIRST_ID[site];
      const items = onSite.map((c, i): DemoItem => {
        const seed = stableHash(c.id);
        siteId += i === 0 ? 0 : 1 + (seed % 3);
        const postedAt = dates[i]!;
        return {
          corpusId: c.id,
          site,
          platform: c.platform,
          lang: c.lang,
          siteId,
          title: c.title.trim() !== '' || site === 'telegram' ? c.title : deriveTitle(c.text),
          text: c.text,
          price: extractPrice(c.text),
          commune: c.commune,
          seller: sellerName(c),
          postedAt,
          updatedAt: postedAt,
          seed,
        };
      });
      this.bySite.set(site, items);
      for (const item of items) {
        this.byCorpusId.set(item.corpusId, item);
        this.originals.set(item.corpusId, { ...item });
      }
    }
  }

  /** Visible items of a site, oldest first (ascending site id). */
  visible(site: SiteName): DemoItem[] {
    return (this.bySite.get(site) ?? []).filter((i) => !this.hidden.has(i.corpusId));
  }

  /** Every corpus id a site holds, hidden ones included. */
  corpusIds(site: SiteName): string[] {
    return (this.bySite.get(site) ?? []).map((i) => i.corpusId);
  }

  /** A visible item by its site id, or undefined (unknown or hidden). */
  find(site: SiteName, siteId: number): DemoItem | undefined {
    return this.visible(site).find((i) => i.siteId === siteId);
  }

  /** Whether the site once had this id and it is now hidden (a removed ad: 410 rather than 404). */
  isHidden(site: SiteName, siteId: number): boolean {
    return (this.bySite.get(site) ?? []).some((i) => i.siteId === siteId && this.hidden.has(i.corpusId));
  }

  /** The item of a corpus id, hidden or not; unknown ids are an error. */
  get(corpusId: string): DemoItem {
    const item = this.byCorpusId.get(corpusId);
    if (!item) throw new AppError('not_found', `demo sites: no corpus item "${corpusId}"`);
    return item;
  }

  /** Makes the item vanish from lists, feeds and its own page (as a removed ad). */
  hide(corpusId: string): void {
    this.get(corpusId);
    this.hidden.add(corpusId);
  }

  /** Brings a hidden item back. */
  show(corpusId: string): void {
    this.get(corpusId);
    this.hidden.delete(corpusId);
  }

  /** Changes an item's title and/or text; its Last-Modified moves forward and its ETag changes. */
  edit(corpusId: string, changes: ItemChanges, now: Date = new Date()): void {
    const item = this.get(corpusId);
    const patch = typeof changes === 'string' ? { text: changes } : changes;
    for (const [field, value] of Object.entries(patch)) {
      if (field !== 'title' && field !== 'text') {
        throw new AppError('validation', `demo sites: edit accepts title and text, not "${field}"`);
      }
      if (typeof value !== 'string')
        throw new AppError('validation', `demo sites: edit ${field} must be a string`);
      if (value.length > MAX_EDIT_CHARS) {
        throw new AppError(
          'validation',
          `demo sites: edit ${field} is ${value.length} chars, at most ${MAX_EDIT_CHARS}`,
        );
      }
    }
    if (patch.title !== undefined) item.title = patch.title;
    if (patch.text !== undefined) {
      item.text = patch.text;
      item.price = extractPrice(patch.text);
    }
    // HTTP dates have one-second resolution: make sure If-Modified-Since sees the change.
    const next = Math.max(Math.floor(now.getTime() / 1000) * 1000, item.updatedAt.getTime() + 1000);
    item.updatedAt = new Date(next);
  }

  /** Undoes every hide and edit. */
  reset(): void {
    this.hidden.clear();
    for (const [id, original] of this.originals) Object.assign(this.byCorpusId.get(id)!, original);
  }
}
