/**
 * One side of the crawl benchmark, run in its own process so peak RSS is its own:
 * `node --import tsx bench/crawl-worker.ts vigie|crawlee BASE_URL CONCURRENCY TMP_DIR`.
 * Prints `BENCH_RESULT {"pages":…,"ms":…,"listings":…,"peakRssMb":…}`.
 */
import { join } from 'node:path';
import { silentLogger, sourceSchema } from '../domain/index.ts';
import { createFsEvidenceStore, runCrawl } from '../crawlers/index.ts';
import type { ConditionalCache } from '../crawlers/index.ts';

interface Outcome {
  pages: number;
  listings: number;
}

async function vigie(base: string, concurrency: number, dir: string): Promise<Outcome> {
  const source = sourceSchema.parse({
    id: 'bench',
    name: 'Bench site',
    kind: 'listing',
    startUrls: [`${base}/`],
    allowPrivateNetwork: true,
    maxPages: 5000,
    rateLimit: { minDelayMs: 0, concurrency },
    extract: {
      kind: 'listing',
      itemLinks: '.related a',
      relatedLinks: '.related a',
      fields: {
        title: '.ad-title',
        text: '.ad-body',
        price: '.ad-price',
        commune: '.ad-commune',
        postedAt: 'time.ad-date@datetime',
      },
    },
  });
  const validators = new Map<string, { etag: string | null; lastModified: string | null }>();
  const cache: ConditionalCache = {
    get: async (url) => validators.get(url) ?? null,
    set: async (url, v) => void validators.set(url, v),
  };
  let listings = 0;
  const sink = {
    listing: async () => void listings++,
    unchanged: async () => undefined,
  };
  const result = await runCrawl(source, sink, {
    evidence: createFsEvidenceStore(join(dir, 'evidence')),
    cache,
    logger: silentLogger,
    userAgent: 'VigieBench/1.0',
  });
  return { pages: result.stats.pagesFetched, listings };
}

async function crawlee(base: string, concurrency: number, dir: string): Promise<Outcome> {
  const { CheerioCrawler, Configuration, log, LogLevel } = await import('@crawlee/cheerio');
  log.setLevel(LogLevel.OFF);
  const config = new Configuration({
    persistStorage: false,
    purgeOnStart: true,
    storageClientOptions: { localDataDirectory: join(dir, 'crawlee-storage'), persistStorage: false },
  });
  let pages = 0;
  let listings = 0;
  const crawler = new CheerioCrawler(
    {
      minConcurrency: concurrency,
      maxConcurrency: concurrency,
      // HttpCrawler starts at 10 and only scales up on an idle machine: pin it to the same concurrency.
      autoscaledPoolOptions: { desiredConcurrency: concurrency },
      maxRequestsPerCrawl: 5000,
      maxRequestRetries: 3,
      async requestHandler({ $, enqueueLinks }) {
        pages++;
        // The same work as Vigie's extraction: the ad's fields, then the links.
        const title = $('.ad-title').text().trim();
        const text = $('.ad-body').text().trim();
        const price = $('.ad-price').text().trim();
        const commune = $('.ad-commune').text().trim();
        const postedAt = $('time.ad-date').attr('datetime') ?? '';
        if (title || text || price || commune || postedAt) listings++;
        await enqueueLinks({ selector: '.related a' });
      },
    },
    config,
  );
  await crawler.run([`${base}/`]);
  return { pages, listings };
}

const [which, base, concurrencyArg, dir] = process.argv.slice(2);
if (!base || !dir || (which !== 'vigie' && which !== 'crawlee')) {
  console.error('usage: crawl-worker.ts vigie|crawlee BASE_URL CONCURRENCY TMP_DIR');
  process.exit(2);
}
const started = performance.now();
const outcome = await (which === 'vigie' ? vigie : crawlee)(base, Number(concurrencyArg), dir);
const ms = performance.now() - started;
const peakRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`BENCH_RESULT ${JSON.stringify({ ...outcome, ms, peakRssMb })}\n`);
process.exit(0);
