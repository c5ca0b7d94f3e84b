import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../domain/index.ts';
import { createBullmqQueue } from '../jobs/bullmq/index.ts';
import type { JobQueue } from '../jobs/types.ts';
import { openSqliteStore } from '../store/sqlite/index.ts';
import { startRedis, type RedisServer } from '../test-support/redis.ts';

// Distributed mode with real processes: a `vigie worker` takes crawl jobs from a real Redis and writes
// runs to the shared store; SIGTERM lets it stop cleanly.
const dir = mkdtempSync(join(tmpdir(), 'vigie-worker-'));
let redis: RedisServer;
let queue: JobQueue;
let worker: ChildProcess | undefined;

beforeAll(async () => {
  redis = await startRedis();
  queue = createBullmqQueue({ redisUrl: redis.url, concurrency: 1, logger: silentLogger });
});

afterAll(async () => {
  worker?.kill('SIGKILL');
  await queue?.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('vigie worker', () => {
  it('runs crawl jobs enqueued on Redis and stops cleanly on SIGTERM', async () => {
    worker = spawn(process.execPath, ['bin/vigie.js', 'worker'], {
      env: { ...process.env, REDIS_URL: redis.url, VIGIE_DATA_DIR: dir, VIGIE_DEMO_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    worker.stderr!.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => worker!.once('exit', (code) => resolve(code)));

    expect(await queue.enqueueCrawl('demo-telegram', 'manual')).toEqual({ enqueued: true });
    const deadline = Date.now() + 60_000;
    let finished = false;
    while (!finished && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      finished = stderr.includes('"msg":"crawl finished"');
    }
    expect(finished, stderr.slice(-2000)).toBe(true);

    const store = await openSqliteStore(join(dir, 'vigie.db'));
    const [run] = await store.runs.listBySource('demo-telegram', 1);
    await store.close();
    expect(run?.status).toBe('succeeded');
    expect(run!.stats.listingsNew).toBeGreaterThan(0);

    worker.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('"msg":"stopped"');
  });

  it('refuses to start on the embedded (inline) queue, with exit code 2', async () => {
    const child = spawn(process.execPath, ['bin/vigie.js', 'worker'], {
      env: { ...process.env, REDIS_URL: '', VIGIE_DATA_DIR: dir },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('needs the BullMQ queue');
  });
});
