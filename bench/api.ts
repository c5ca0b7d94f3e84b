import { serve, type ServerType } from '@hono/node-server';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { createApp } from '../api/app.ts';
import { hashPassword } from '../api/auth/passwords.ts';
import { loadConfig } from '../config/load.ts';
import { silentLogger } from '../domain/index.ts';
import { createInlineQueue } from '../jobs/inline/index.ts';
import { encodeCursor } from '../store/paging.ts';
import { openSqliteStore } from '../store/sqlite/index.ts';
import { BENCH_ALERTS, BENCH_VERSIONS_PER_LISTING, fillBenchStore } from './api-data.ts';

const CONNECTIONS = 10;
const DURATION_S = 2;
const ROUNDS = 5;
const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

interface Run {
  p50Ms: number;
  p99Ms: number;
  rps: number;
  non2xx: number;
  /** Requests answered, warm-up included (what the server's CPU time was spent on). */
  served: number;
  /** Server CPU (this process: user + system) per request, in µs: contention from other work does not inflate it. */
  cpuUs: number;
  /** Bytes received per answer, headers included (shows whether the body went out compressed). */
  bytesPerReq: number;
}

/** What Chromium sends on plain HTTP; bare Hono ignores it, the queue answers gzip to it. */
const BROWSER_ACCEPT_ENCODING = 'accept-encoding=gzip, deflate';

/** autocannon in a child process, so the load generator does not share the server's event loop. */
function autocannon(url: string, headers: string[]): Promise<Run> {
  const args = [
    AUTOCANNON,
    '-j',
    '-c',
    String(CONNECTIONS),
    '-d',
    String(DURATION_S),
    '--warmup',
    '[',
    '-c',
    '2',
    '-d',
    '1',
    ']',
  ];
  for (const h of headers) args.push('-H', h);
  args.push(url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon failed (${code}): ${err.slice(-1000)}`));
      // One JSON object per line (the warm-up may print its own first): the last one is the run.
      const last =
        out
          .trim()
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .at(-1) ?? '{}';
      const r = JSON.parse(last) as {
        latency: { p50: number; p99: number };
        requests: { total: number };
        throughput: { total: number };
        duration: number;
        warmup?: { requests: { total: number } };
        non2xx: number;
        errors: number;
      };
      resolve({
        p50Ms: r.latency.p50,
        p99Ms: r.latency.p99,
        rps: r.requests.total / r.duration,
        non2xx: r.non2xx + r.errors,
        served: r.requests.total + (r.warmup?.requests.total ?? 0),
        cpuUs: 0,
        bytesPerReq: r.throughput.total / Math.max(1, r.requests.total),
      });
    });
  });
}

function listen(
  fetch: (req: Request) => Response | Promise<Response>,
): Promise<{ server: ServerType; url: string }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
      resolve({ server, url: `http://127.0.0.1:${info.port}` }),
    );
  });
}

function close(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    server.close(() => resolve());
  });
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * The alert queue under load: 100,000 alerts and 1,000,000 listing versions in the embedded SQLite
 * store, first page / filtered page / deep cursor page through the real HTTP server with a session,
 * beside a bare Hono JSON route in the same run. Returns the filtered first page's figures.
 */
export async function runApiBench(opts: { log: (line: string) => void }): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-api-'));
  const path = join(dir, 'vigie.db');
  const servers: ServerType[] = [];
  try {
    const started = Date.now();
    const migrated = await openSqliteStore(path);
    await migrated.close();
    const { deep, explanationBytes } = fillBenchStore(path, new Date());
    opts.log(
      `data: ${BENCH_ALERTS.toLocaleString('en')} alerts, ${(BENCH_ALERTS * BENCH_VERSIONS_PER_LISTING).toLocaleString('en')} listing versions, explanations ${explanationBytes.toFixed(0)} B of JSON each on average, filled in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    const store = await openSqliteStore(path);
    const queue = createInlineQueue({ logger: silentLogger });
    const config = loadConfig({ env: {}, overrides: { dataDir: dir, 'demo.enabled': false } });
    const app = createApp({ store, queue, sources: [], config, logger: silentLogger });
    await store.users.create(
      { username: 'bench', role: 'analyst', passwordHash: await hashPassword('bench-password-123') },
      new Date(),
    );
    const api = await listen(app.fetch);
    servers.push(api.server);
    const login = await fetch(`${api.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench', password: 'bench-password-123' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;

    // The bare routes: plain Hono, no session, no validation, no store. `page` answers the same
    // JSON as the filtered first page (the same bytes to serialise and send), `tiny` a few bytes.
    const filteredUrl = `${api.url}/api/alerts?status=new&label=market&limit=50`;
    const pageText = await (await fetch(filteredUrl, { headers: { cookie } })).text();
    const samePage = JSON.parse(pageText) as { items: Record<string, unknown>[] };
    const bare = new Hono();
    bare.get('/page', (c) => c.json(samePage));
    bare.get('/tiny', (c) => c.json({ items: [], nextCursor: null }));
    const bareServer = await listen(bare.fetch);
    servers.push(bareServer.server);
    if ((await (await fetch(`${bareServer.url}/page`)).text()) !== pageText)
      throw new Error('the same-page bare route does not answer the bytes the queue answers');
    // Lists carry summaries; the explanation (the bulk of a stored alert) comes with the detail only.
    const first = samePage.items[0];
    if (samePage.items.length !== 50 || !first || 'explanation' in first)
      throw new Error('the filtered first page should hold 50 alert summaries without explanation');
    const detail = (await (
      await fetch(`${api.url}/api/alerts/${String(first.id)}`, { headers: { cookie } })
    ).json()) as { alert: { explanation: unknown[] } };
    opts.log(
      `filtered first page: ${pageText.length} B of JSON (${(pageText.length / 50).toFixed(0)} B per summary); one alert's detail carries ${JSON.stringify(detail.alert.explanation).length} B of explanation`,
    );

    // Every case sends a browser's Accept-Encoding (bare Hono ignores it); one more asks for none,
    // for the figure of the uncompressed queue.
    const browser = (cookieValue?: string) =>
      cookieValue ? [BROWSER_ACCEPT_ENCODING, `cookie=${cookieValue}`] : [BROWSER_ACCEPT_ENCODING];
    const cases: [string, string, string[]][] = [
      ['bare Hono JSON, tiny body', `${bareServer.url}/tiny`, browser()],
      ['bare Hono JSON, same page', `${bareServer.url}/page`, browser()],
      ['queue: first page (50)', `${api.url}/api/alerts?limit=50`, browser(cookie)],
      ['queue: filtered first page', filteredUrl, browser(cookie)],
      ['queue: filtered, no gzip', filteredUrl, [`cookie=${cookie}`]],
      [
        'queue: deep cursor page (90%)',
        `${api.url}/api/alerts?limit=50&cursor=${encodeCursor(deep)}`,
        browser(cookie),
      ],
    ];
    const headerObject = (hs: string[]) =>
      Object.fromEntries(hs.map((h) => [h.slice(0, h.indexOf('=')), h.slice(h.indexOf('=') + 1)]));
    for (const [name, url, hs] of cases) {
      const check = await fetch(url, { headers: headerObject(hs) });
      if (check.status !== 200) throw new Error(`${name}: ${url} answered ${check.status}`);
    }
    // Rounds go through every case in turn and each case keeps its best round: the machine is
    // shared, and a burst of other work should not decide one case's figure and not the other's.
    const results = new Map<string, Run>();
    opts.log(
      `autocannon: ${CONNECTIONS} connections, ${ROUNDS} rounds of ${DURATION_S} s per case (1 s warm-up each), best round kept`,
    );
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, url, hs] of cases) {
        const cpu = process.cpuUsage();
        const run = await autocannon(url, hs);
        const used = process.cpuUsage(cpu);
        run.cpuUs = (used.user + used.system) / Math.max(1, run.served);
        const best = results.get(name);
        if (!best || run.rps > best.rps) results.set(name, run);
      }
    }
    opts.log(
      `${'case'.padEnd(32)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'req/s'.padStart(10)}${'non-2xx'.padStart(9)}${'CPU µs/req'.padStart(12)}${'B/answer'.padStart(10)}`,
    );
    for (const [name, run] of results) {
      opts.log(
        `${name.padEnd(32)}${run.p50Ms.toFixed(1).padStart(9)}${run.p99Ms.toFixed(1).padStart(9)}${run.rps.toFixed(0).padStart(10)}${String(run.non2xx).padStart(9)}${run.cpuUs.toFixed(0).padStart(12)}${run.bytesPerReq.toFixed(0).padStart(10)}`,
      );
    }
    const filtered = results.get('queue: filtered first page')!;
    // `bareRps`/`ratio` compare with the bare route answering a tiny body, the goal (≥ 50%);
    // the same-page figures compare with a bare route sending the very same bytes.
    const bareRps = results.get('bare Hono JSON, tiny body')!.rps;
    const ratio = filtered.rps / bareRps;
    const sameBodyBareRps = results.get('bare Hono JSON, same page')!.rps;
    const sameBodyRatio = filtered.rps / sameBodyBareRps;
    const noGzip = results.get('queue: filtered, no gzip')!;
    opts.log(
      `filtered first page: p99 ${filtered.p99Ms} ms (goal ≤ 25), ${(ratio * 100).toFixed(0)}% of a bare route's req/s with a tiny body (goal ≥ 50%), ${(sameBodyRatio * 100).toFixed(0)}% of a bare route serving the same page (uncompressed); without gzip ${((noGzip.rps / bareRps) * 100).toFixed(0)}%, p99 ${noGzip.p99Ms} ms`,
    );
    await queue.close();
    await store.close();
    return {
      p50Ms: filtered.p50Ms,
      p99Ms: filtered.p99Ms,
      rps: round(filtered.rps),
      bareRps: round(bareRps),
      ratio: round(ratio),
      sameBodyBareRps: round(sameBodyBareRps),
      sameBodyRatio: round(sameBodyRatio),
      noGzipP99Ms: noGzip.p99Ms,
      noGzipRps: round(noGzip.rps),
      noGzipRatio: round(noGzip.rps / bareRps),
    };
  } finally {
    for (const s of servers) await close(s);
    rmSync(dir, { recursive: true, force: true });
  }
}
