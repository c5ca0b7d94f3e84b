import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/load.ts';
import { createFsEvidenceStore } from '../crawlers/evidence-store.ts';
import {
  listingContentHash,
  silentLogger,
  sourceSchema,
  type Alert,
  type Contact,
  type ExplanationItem,
  type Logger,
  type Role,
  type ScrapedListing,
  type Source,
} from '../domain/index.ts';
import { createInlineQueue } from '../jobs/inline/index.ts';
import { openSqliteStore } from '../store/sqlite/index.ts';
import type { Store } from '../store/types.ts';
import { createApp } from './app.ts';

export const TEST_PASSWORD = 'correct horse battery staple';
export const ROLES: Role[] = ['admin', 'analyst', 'liaison', 'researcher'];

/** A source as declared in YAML, for tests. */
export const testSource: Source = sourceSchema.parse({
  id: 'demo-ads',
  name: 'Demo classifieds',
  kind: 'listing',
  startUrls: ['http://127.0.0.1:9/list'],
  allowPrivateNetwork: true,
  extract: { kind: 'listing', itemLinks: 'a.ad', fields: { title: 'h1', text: '.body' } },
});

export interface TestAppHarness {
  app: ReturnType<typeof createApp>;
  store: Store;
  dir: string;
  users: Record<Role, string>;
  /** Session cookie header value for a role (one login per role, reused). */
  cookie(role: Role): Promise<string>;
  /** A brand-new session for a role, written straight to the store (no password hashing: fast). */
  freshCookie(role: Role): Promise<string>;
  /** app.request with an optional session and JSON body. */
  request(
    method: string,
    path: string,
    options?: { role?: Role; cookie?: string; json?: unknown },
  ): Promise<Response>;
  close(): Promise<void>;
}

/** The real app on a real SQLite file in a temp dir, the in-process queue, one user per role. */
export async function createTestApp(
  options: { now?: () => Date; overrides?: Record<string, unknown>; logger?: Logger } = {},
): Promise<TestAppHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-api-'));
  let config;
  try {
    config = loadConfig({
      env: {},
      overrides: { dataDir: dir, 'demo.enabled': false, ...options.overrides },
    });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true }); // a test of a bad setting leaves nothing behind
    throw err;
  }
  const store = await openSqliteStore(join(dir, 'vigie.db'));
  const queue = createInlineQueue({ logger: silentLogger, attempts: 1 });
  const app = createApp({
    store,
    queue,
    sources: [testSource],
    config,
    logger: options.logger ?? silentLogger,
    evidence: createFsEvidenceStore(join(dir, 'evidence')),
    now: options.now,
  });
  const services = {
    users: (await import('./services/users.ts')).createUserService({ store, now: () => new Date() }),
  };
  const users = {} as Record<Role, string>;
  for (const role of ROLES)
    users[role] = (await services.users.add({ username: role, role, password: TEST_PASSWORD }, null)).id;
  const cookies = new Map<Role, string>();
  const harness: TestAppHarness = {
    app,
    store,
    dir,
    users,
    async cookie(role) {
      const known = cookies.get(role);
      if (known) return known;
      const res = await app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: role, password: TEST_PASSWORD }),
      });
      if (res.status !== 200) throw new Error(`login as ${role} failed: ${res.status}`);
      const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
      cookies.set(role, cookie);
      return cookie;
    },
    async freshCookie(role) {
      const token = randomBytes(32).toString('base64url');
      const now = new Date();
      await store.sessions.create({
        tokenHash: createHash('sha256').update(token).digest('hex'),
        userId: users[role],
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + 3_600_000).toISOString(),
      });
      return `vigie_session=${token}`;
    },
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const cookie = options.cookie ?? (options.role ? await harness.cookie(options.role) : undefined);
      if (cookie) headers.cookie = cookie;
      return app.request(path, {
        method,
        headers,
        body: options.json === undefined ? undefined : JSON.stringify(options.json),
      });
    },
    async close() {
      await queue.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

export interface SeedOptions {
  externalId: string;
  title?: string;
  text: string;
  contacts?: Contact[];
  scores?: { market: number; production: number };
  sourceId?: string;
  at?: Date;
  /** Hash of a raw body already in the evidence store. */
  evidenceSha256?: string;
  explanation?: ExplanationItem[];
}

/** Stores a listing version and runs it through the alert upsert, as the crawl pipeline does. */
export async function seedAlert(store: Store, o: SeedOptions): Promise<{ alert: Alert; outcome: string }> {
  const at = o.at ?? new Date();
  const base = { title: o.title ?? 'Annonce', text: o.text, fields: { seller: 'vendeur' } };
  const scraped: ScrapedListing = {
    sourceId: o.sourceId ?? testSource.id,
    externalId: o.externalId,
    url: `http://127.0.0.1:9/ad/${o.externalId}`,
    ...base,
    postedAt: null,
    contentHash: listingContentHash(base),
    evidence: {
      sha256: o.evidenceSha256 ?? 'a'.repeat(64),
      finalUrl: `http://127.0.0.1:9/ad/${o.externalId}`,
      status: 200,
      headers: {},
      fetchedAt: at.toISOString(),
      screenshotSha256: null,
    },
  };
  const stored = await store.listings.upsert(scraped, at);
  const scores = o.scores ?? { market: 0.9, production: 0.1 };
  return store.alerts.upsertFromCandidate(
    {
      listingId: stored.listing.id,
      sourceId: scraped.sourceId,
      listingVersion: stored.version.version,
      title: scraped.title,
      url: scraped.url,
      priority: 50,
      classification: {
        labels: scores.market >= 0.5 ? ['market'] : scores.production >= 0.5 ? ['production'] : [],
        scores,
        substances: ['cannabis'],
        commune: 'Anderlecht',
        contacts: o.contacts ?? [],
        prices: [],
        language: 'fr',
        explanation: o.explanation ?? [],
        modelVersion: 'test',
      },
    },
    at,
  );
}
