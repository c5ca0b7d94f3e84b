import { serve, type ServerType } from '@hono/node-server';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { createUserService } from '../api/services/users.ts';
import { loadConfig } from '../config/load.ts';
import { loadCorpus, type CorpusItem } from '../demo/index.ts';
import { silentLogger, type Alert } from '../domain/index.ts';
import { createRuntime, type Runtime } from './runtime.ts';

// The foundation's thin slice, in-process: demo sites → crawl → store → classify → alerts → API.
const CRAWLED = { telegram: 'demo-telegram', forum: 'demo-forum', feed: 'demo-feed' } as const;
// Hard negatives on the crawled sites: a support thread on quitting cannabis, prescribed Xanax.
const HARD_NEGATIVES = ['tr-ne-0117', 'tr-fr-0211'];
const PASSWORD = 'a long analyst password';

let dir: string;
let runtime: Runtime;
let server: ServerType;
let baseUrl: string;
let corpus: Map<string, CorpusItem>;

async function login(): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'ana', password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

async function allAlerts(cookie: string, query = ''): Promise<Alert[]> {
  const alerts: Alert[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams(query);
    params.set('limit', '100');
    if (cursor) params.set('cursor', cursor);
    const res = await fetch(`${baseUrl}/api/alerts?${params}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const page = (await res.json()) as { items: Alert[]; nextCursor: string | null };
    alerts.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return alerts;
}

/** Corpus id of the listing behind an alert, through the demo sites' own id mapping. */
async function corpusIdOf(alert: Alert, byExternalId: Map<string, string>): Promise<string | undefined> {
  const listing = await runtime.store.listings.get(alert.listingId);
  return listing ? byExternalId.get(`${listing.sourceId} ${listing.externalId}`) : undefined;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigie-slice-'));
  const config = loadConfig({
    env: {},
    overrides: { dataDir: dir, 'http.port': 0, 'demo.port': 0, crawlOnStart: false, logLevel: 'silent' },
  });
  runtime = await createRuntime(config, silentLogger);
  await createUserService({ store: runtime.store, now: () => new Date() }).add(
    { username: 'ana', password: PASSWORD, role: 'analyst' },
    null,
  );
  const app = createApp({ ...runtime, evidence: runtime.evidence });
  server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  corpus = new Map(loadCorpus().map((item) => [item.id, item]));
  for (const sourceId of Object.values(CRAWLED)) await runtime.pipeline.runSource(sourceId);
});

afterAll(async () => {
  (server as Server | undefined)?.closeAllConnections();
  server?.close();
  await runtime?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('thin slice: demo sites → crawl → classify → /api/alerts', () => {
  it('records one successful run per crawled source with every listing stored', async () => {
    for (const [site, sourceId] of Object.entries(CRAWLED)) {
      const [run] = await runtime.store.runs.listBySource(sourceId, 5);
      expect(run?.status).toBe('succeeded');
      expect(run!.stats.listingsNew).toBeGreaterThanOrEqual(
        runtime.demo!.items[site as keyof typeof CRAWLED].length,
      );
    }
  });

  it('raises alerts for the listings the corpus labels as signals, and none for the chosen hard negatives', async () => {
    const demo = runtime.demo!;
    const byExternalId = new Map<string, string>();
    for (const [site, sourceId] of Object.entries(CRAWLED)) {
      for (const id of demo.items[site as keyof typeof CRAWLED])
        byExternalId.set(`${sourceId} ${demo.locate(id).externalId}`, id);
    }
    const alerts = await allAlerts(await login());
    const alerted = new Set<string>();
    for (const alert of alerts) {
      const id = await corpusIdOf(alert, byExternalId);
      if (id) alerted.add(id);
    }
    const signals = Object.keys(CRAWLED).flatMap((site) =>
      demo.items[site as keyof typeof CRAWLED].filter((id) => corpus.get(id)!.labels.length > 0),
    );
    const caught = signals.filter((id) => alerted.has(id));
    expect(signals.length).toBeGreaterThan(100);
    expect(caught.length / signals.length).toBeGreaterThanOrEqual(0.85);
    for (const id of HARD_NEGATIVES) {
      expect(corpus.get(id)!.hard_negative).toBe(true);
      expect(alerted.has(id), `hard negative ${id} must raise no alert`).toBe(false);
    }
  });

  it('lists alerts newest first and filters them by label', async () => {
    const cookie = await login();
    const production = await allAlerts(cookie, 'label=production');
    expect(production.length).toBeGreaterThan(0);
    expect(production.every((a) => a.labels.includes('production'))).toBe(true);
    const all = await allAlerts(cookie);
    expect(all.length).toBeGreaterThan(production.length);
    const created = all.map((a) => a.createdAt);
    expect(created).toEqual([...created].sort().reverse());
  });

  it('does not create versions or alerts again when nothing changed', async () => {
    const before = (await allAlerts(await login())).length;
    const run = await runtime.pipeline.runSource(CRAWLED.telegram);
    expect(run.stats.listingsNew + run.stats.listingsChanged).toBe(0);
    expect(run.stats.listingsUnchanged).toBeGreaterThan(0);
    expect((await allAlerts(await login())).length).toBe(before);
  });

  it('answers /healthz without a session and refuses /api/alerts without one', async () => {
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${baseUrl}/api/alerts`)).status).toBe(401);
  });
});
