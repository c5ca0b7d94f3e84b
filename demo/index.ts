import { AppError } from '../domain/errors.ts';
import { DemoCatalog, SITE_NAMES, type ItemChanges, type SiteName } from './catalog.ts';
import { createClassifiedsSite } from './classifieds.ts';
import { loadCorpus, type CorpusItem } from './corpus.ts';
import { createFeedSite, feedItemPath } from './feed.ts';
import { createForumSite, openingPostId } from './forum.ts';
import { startServer, type Handler, type RunningServer } from './http.ts';
import { createShopSite } from './shop.ts';
import { CHANNEL, createTelegramSite } from './telegram.ts';

export { SITE_NAMES, SITE_OF_PLATFORM, type ItemChanges, type SiteName } from './catalog.ts';
export { loadCorpus, type CorpusItem } from './corpus.ts';

/** The fixed date of each site's newest item: dates (and so content hashes) stay the same across restarts. */
export const DEFAULT_NEWEST = new Date('2026-11-24T18:00:00Z');

export interface DemoSitesOptions {
  /** Interface to bind; 127.0.0.1 unless told. */
  host?: string;
  /** First port: the sites take port, port+1… in SITE_NAMES order; 0 (default) = free ports. */
  port?: number;
  /** A port per site, overriding `port`. */
  ports?: Partial<Record<SiteName, number>>;
  /** Where the labeled corpus lives (default: classifier/data). */
  corpusDir?: string;
  /** Items to serve instead of reading `corpusDir` (tests, benchmarks). */
  corpus?: CorpusItem[];
  /** Date of each site's newest item. */
  newest?: Date;
}

/** Where one corpus item is served: its site, the id the site gives it, and its canonical URL. */
export interface DemoItemLocation {
  site: SiteName;
  /** Ad / product number, `NAME/ID` for Telegram (data-post), opening post id for the forum, item URL for the feed. */
  externalId: string;
  url: string;
}

/** Running demo sites. */
export interface DemoSites {
  /** Base URL of each site, without a trailing slash. */
  urls: Record<SiteName, string>;
  /** The corpus ids each site holds (hidden ones included); every corpus item is on exactly one site. */
  items: Record<SiteName, string[]>;
  /** Where a corpus item is served; throws for an unknown id. */
  locate(corpusId: string): DemoItemLocation;
  /** Removes an item from its site (lists, feeds; its page answers 410 or 404), until `show` or `reset`. */
  hide(corpusId: string): void;
  /** Brings a hidden item back. */
  show(corpusId: string): void;
  /** Changes an item's text (a string) or title/text; its page's ETag and Last-Modified change. */
  edit(corpusId: string, changes: ItemChanges): void;
  /** Undoes every hide and edit. */
  reset(): void;
  close(): Promise<void>;
}

function portFor(site: SiteName, index: number, options: DemoSitesOptions): number {
  const explicit = options.ports?.[site];
  const port = explicit ?? (options.port ? options.port + index : 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new AppError('config', `demo sites: port for ${site} must be an integer 0–65535, got ${port}`);
  }
  return port;
}

/** Starts the five demo sites (classifieds, telegram, forum, feed, shop) on 127.0.0.1, filled from the corpus. */
export async function startDemoSites(options: DemoSitesOptions = {}): Promise<DemoSites> {
  const host = options.host ?? '127.0.0.1';
  const catalog = new DemoCatalog(
    options.corpus ?? loadCorpus(options.corpusDir),
    options.newest ?? DEFAULT_NEWEST,
  );
  const urls = {} as Record<SiteName, string>;
  const base = (site: SiteName) => () => urls[site];
  const handlers: Record<SiteName, Handler> = {
    classifieds: createClassifiedsSite(catalog, base('classifieds')),
    telegram: createTelegramSite(catalog, base('telegram')),
    forum: createForumSite(catalog),
    feed: createFeedSite(catalog, base('feed')),
    shop: createShopSite(catalog),
  };
  const ports = SITE_NAMES.map((site, i) => portFor(site, i, options));
  const servers: RunningServer[] = [];
  const closeAll = async () => {
    await Promise.all(servers.map((s) => s.close()));
  };
  for (const [i, site] of SITE_NAMES.entries()) {
    try {
      const server = await startServer(handlers[site], host, ports[i]!);
      servers.push(server);
      urls[site] = server.url;
    } catch (cause) {
      await closeAll();
      throw new AppError(
        'unavailable',
        `demo sites: cannot start ${site} on ${host}:${ports[i]}: ${(cause as Error).message}`,
        {
          cause,
        },
      );
    }
  }

  const items = Object.fromEntries(SITE_NAMES.map((s) => [s, catalog.corpusIds(s)])) as Record<
    SiteName,
    string[]
  >;
  return {
    urls,
    items,
    locate(corpusId) {
      const item = catalog.get(corpusId);
      const u = urls[item.site];
      switch (item.site) {
        case 'classifieds':
          return { site: item.site, externalId: String(item.siteId), url: `${u}/annonce/${item.siteId}` };
        case 'telegram':
          return {
            site: item.site,
            externalId: `${CHANNEL}/${item.siteId}`,
            url: `${u}/${CHANNEL}/${item.siteId}`,
          };
        case 'forum': {
          const postId = openingPostId(item.siteId);
          return {
            site: item.site,
            externalId: String(postId),
            url: `${u}/thread/${item.siteId}#p${postId}`,
          };
        }
        case 'feed':
          return { site: item.site, externalId: u + feedItemPath(item), url: u + feedItemPath(item) };
        case 'shop':
          return { site: item.site, externalId: String(item.siteId), url: `${u}/produit/${item.siteId}` };
      }
    },
    hide: (id) => catalog.hide(id),
    show: (id) => catalog.show(id),
    edit: (id, changes) => catalog.edit(id, changes),
    reset: () => catalog.reset(),
    close: closeAll,
  };
}
