import { serve } from '@hono/node-server';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../api/app.ts';
import { createUserService } from '../api/services/users.ts';
import { configSchema } from '../config/schema.ts';
import { createFsEvidenceStore } from '../crawlers/index.ts';
import {
  listingContentHash,
  silentLogger,
  sourceSchema,
  type Classification,
  type Contact,
  type ExplanationItem,
  type Role,
} from '../domain/index.ts';
import { createInlineQueue } from '../jobs/index.ts';
import { openStore } from '../store/index.ts';
import type { Store } from '../store/types.ts';

export const TEST_PASSWORD = 'correct-horse-battery-staple';

/** A listing to seed: what a crawl would have stored and the classifier said about it. */
export interface SeedListing {
  externalId: string;
  title: string;
  text: string;
  url: string;
  /** Words of `title + "\n" + text` to explain (market label). */
  cues: string[];
  substances: string[];
  commune: string | null;
  contacts: Contact[];
  label: 'market' | 'production';
  score: number;
  rawHtml: string;
  /** A browser-mode capture of the page, when the source had one. */
  screenshotPng?: Uint8Array;
}

/** Spans of each cue word in the classifier's input, as the classifier would report them. */
export function explain(
  title: string,
  text: string,
  cues: string[],
  label: 'market' | 'production',
): ExplanationItem[] {
  const input = `${title}\n${text}`;
  return cues.map((cue) => {
    const spans: { start: number; end: number }[] = [];
    for (let at = input.indexOf(cue); at >= 0; at = input.indexOf(cue, at + cue.length))
      spans.push({ start: at, end: at + cue.length });
    return { label, feature: cue.toLowerCase(), weight: 0.8, spans };
  });
}

export interface TestServer {
  url: string;
  store: Store;
  alertIds: Record<string, string>;
  close(): Promise<void>;
}

/**
 * The real app (createApp with the dashboard) on 127.0.0.1 and a free port, a SQLite file in a
 * temp dir, evidence on disk, users of every role, and `listings` stored with their alerts.
 */
export async function startTestServer(listings: SeedListing[]): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-dash-'));
  const config = configSchema.parse({ dataDir: dir, demo: { enabled: false }, crawlOnStart: false });
  const store = await openStore(config.store, dir);
  const evidence = createFsEvidenceStore(join(dir, 'evidence'));
  const queue = createInlineQueue({ logger: silentLogger });
  const source = sourceSchema.parse({
    id: 'petites-annonces',
    name: 'Petites annonces (test)',
    kind: 'listing',
    startUrls: ['http://127.0.0.1:9/'],
    allowPrivateNetwork: true,
    extract: { kind: 'listing', itemLinks: 'a.item', fields: { title: 'h1', text: '.text' } },
  });
  const now = new Date();
  const users = createUserService({ store, now: () => now });
  for (const [username, role] of [
    ['admin', 'admin'],
    ['ana', 'analyst'],
    ['lia', 'liaison'],
    ['res', 'researcher'],
  ] as [string, Role][]) {
    await users.add({ username, role, password: TEST_PASSWORD }, null);
  }

  const alertIds: Record<string, string> = {};
  for (const [i, l] of listings.entries()) {
    const at = new Date(now.getTime() - (listings.length - i) * 60_000);
    const sha256 = await evidence.put(new TextEncoder().encode(l.rawHtml), 'html');
    const screenshotSha256 = l.screenshotPng ? await evidence.put(l.screenshotPng, 'png') : null;
    const fields = { commune: l.commune ?? '' };
    const { listing, version } = await store.listings.upsert(
      {
        sourceId: source.id,
        externalId: l.externalId,
        url: l.url,
        title: l.title,
        text: l.text,
        fields,
        postedAt: null,
        contentHash: listingContentHash({ title: l.title, text: l.text, fields }),
        evidence: {
          sha256,
          finalUrl: l.url,
          status: 200,
          headers: {},
          fetchedAt: at.toISOString(),
          screenshotSha256,
        },
      },
      at,
    );
    const classification: Classification = {
      labels: [l.label],
      scores: {
        market: l.label === 'market' ? l.score : 0.1,
        production: l.label === 'production' ? l.score : 0.1,
      },
      substances: l.substances,
      commune: l.commune,
      contacts: l.contacts,
      prices: [],
      language: 'fr',
      explanation: explain(l.title, l.text, l.cues, l.label),
      modelVersion: 'test',
    };
    const { alert } = await store.alerts.upsertFromCandidate(
      {
        listingId: listing.id,
        sourceId: source.id,
        listingVersion: version.version,
        title: l.title,
        url: l.url,
        classification,
        priority: l.score * 50,
      },
      at,
    );
    await store.actors.link(listing.id, l.contacts, at);
    await store.groups.assign(listing.id, l.text, at);
    alertIds[l.externalId] = alert.id;
  }

  const app = createApp({ store, queue, sources: [source], config, logger: silentLogger, evidence });
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    alertIds,
    async close() {
      const http = server as unknown as { closeAllConnections?: () => void };
      http.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await queue.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
