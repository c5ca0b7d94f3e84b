import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertService } from '../api/services/alerts.ts';
import { loadConfig } from '../config/load.ts';
import { silentLogger, sourceSchema, type Source } from '../domain/index.ts';
import type { Store } from '../store/types.ts';
import { createInlineQueue } from './inline/index.ts';
import type { createCrawlPipeline } from './crawl-job.ts';
import { createTestPipeline } from './test-support.ts';

// A small classifieds site on 127.0.0.1: the real crawler, classifier and SQLite store behind it.
const ADS: Record<string, { title: string; text: string }> = {
  // Below the threshold, same phone as the drug ad: the seller's other listing.
  bike: {
    title: 'Vélo de course',
    text: 'Vends vélo de course en très bon état, 150 euros, à venir chercher à Ixelles, appelez le 0470 11 22 33',
  },
  // Below the threshold, nearly the same text as the drug ad: a copy in its group (and, by the
  // shared phone, one more listing of the seller).
  books: {
    title: 'Annonce',
    text: 'Livre et DVD 10€ et 60€, livraison discrète à Ixelles 7j/7, commande par telegram ou au 0470 11 22 33',
  },
  drugs: {
    title: 'Annonce',
    text: 'Beuh amnesia 10€/g et coke 60€/g, livraison discrète à Ixelles 7j/7, commande par telegram ou au 0470 11 22 33',
  },
  // Below the threshold, crawled after the alert exists: joins the same actor.
  helmet: {
    title: 'Casque de vélo',
    text: 'Casque de vélo taille M jamais servi, 30 euros, remise en main propre, tél 0470 11 22 33',
  },
};
let online: string[] = [];

let dir: string;
let server: Server;
let store: Store;
let pipeline: ReturnType<typeof createCrawlPipeline>;
let source: Source;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigie-related-'));
  server = createServer((req, res) => {
    const page = (body: string) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html><body>${body}</body></html>`);
    };
    if (req.url === '/robots.txt') return void res.writeHead(404).end();
    if (req.url === '/list')
      return page(online.map((id) => `<a class="ad" href="/ad/${id}">${id}</a>`).join(''));
    const ad = ADS[req.url?.replace('/ad/', '') ?? ''];
    if (!ad) return void res.writeHead(404).end();
    page(`<h1>${ad.title}</h1><div class="body">${ad.text}</div>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  source = sourceSchema.parse({
    id: 'petites-annonces',
    name: 'Petites annonces',
    kind: 'listing',
    startUrls: [`${base}/list`],
    allowPrivateNetwork: true,
    rateLimit: { minDelayMs: 0 },
    fetch: { retries: 0 },
    extract: { kind: 'listing', itemLinks: 'a.ad', fields: { title: 'h1', text: '.body' } },
  });
  ({ store, pipeline } = await createTestPipeline(dir, (id) => (id === source.id ? source : undefined)));
});

afterAll(async () => {
  await store?.close();
  await new Promise((resolve) => server?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const listingOf = async (id: string) =>
  (await store.listings.getByExternalId(source.id, `${source.startUrls[0]!.replace('/list', '')}/ad/${id}`))!;

describe('actors and repost groups cover listings below the alert threshold', () => {
  it("shows an alert's other listings by the same seller and its copies, though they raised no alert", async () => {
    online = ['bike', 'books'];
    await pipeline.runSource(source.id);
    online = ['bike', 'books', 'drugs'];
    await pipeline.runSource(source.id);

    const [bike, books, drugs] = await Promise.all(['bike', 'books', 'drugs'].map(listingOf));
    expect(bike && books && drugs, 'every ad is stored').toBeTruthy();
    // The classifier scores the bike and book ads below the threshold: no alert for them.
    expect(await store.alerts.getByListing(bike!.id)).toBeNull();
    expect(await store.alerts.getByListing(books!.id)).toBeNull();
    const alert = (await store.alerts.getByListing(drugs!.id))!;
    expect(alert).not.toBeNull();

    const config = loadConfig({ env: {}, overrides: { dataDir: dir, 'demo.enabled': false } });
    const alerts = createAlertService({
      store,
      queue: createInlineQueue({ logger: silentLogger }),
      sources: [source],
      config,
      logger: silentLogger,
      pseudonymKey: Buffer.alloc(32, 1),
      now: () => new Date(),
    });
    const analyst = { id: 'u1', username: 'analyst', role: 'analyst' as const };
    const detail = await alerts.get(analyst, alert.id);
    // Sorted: the first run fetches the bike and book ads concurrently, in either order.
    const sorted = <T>(list: T[]) =>
      [...list].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(sorted(detail.actor!.listings.map((l) => [l.listingId, l.alertId, l.title]))).toEqual(
      sorted([
        [bike!.id, null, 'Vélo de course'],
        [books!.id, null, 'Annonce'],
        [drugs!.id, alert.id, 'Annonce'],
      ]),
    );
    expect(detail.group!.copies.map((l) => [l.listingId, l.alertId])).toEqual([
      [books!.id, null],
      [drugs!.id, alert.id],
    ]);
    // The actor's history counts the listings that raised no alert too.
    expect(detail.priority.factors.find((f) => f.factor === 'actor_history')?.detail).toBe(
      'the same seller has 2 other listing(s)',
    );

    // A later listing of the same seller below the threshold joins the actor of the existing alert.
    online = ['bike', 'books', 'drugs', 'helmet'];
    await pipeline.runSource(source.id);
    const helmet = (await listingOf('helmet'))!;
    expect(await store.alerts.getByListing(helmet.id)).toBeNull();
    const after = await alerts.get(analyst, alert.id);
    expect(sorted(after.actor!.listings.map((l) => l.listingId))).toEqual(
      sorted([bike!.id, books!.id, drugs!.id, helmet.id]),
    );
  });
});
