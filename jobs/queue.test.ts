import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../domain/index.ts';
import { startRedis, type RedisServer } from '../test-support/redis.ts';
import { testDir } from '../test-support/temp-dir.ts';
import { RunRecorder, sleep, testSource, waitFor } from './contract/helpers.ts';
import { queueContract } from './contract/queue.contract.ts';
import { createBullmqQueue } from './bullmq/index.ts';
import { createInlineQueue, createQueue } from './index.ts';
import type { JobQueue } from './types.ts';

describe('inline queue', () => {
  queueContract((options) => createInlineQueue({ logger: silentLogger, ...options }));
});

describe('bullmq queue', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  // A fresh key prefix per queue keeps the tests apart on one Redis.
  queueContract((options) =>
    createBullmqQueue({
      logger: silentLogger,
      redisUrl: redis.url,
      concurrency: 4,
      prefix: `t-${randomUUID()}`,
      ...options,
    }),
  );

  it('two workers on one Redis never run one source twice at once', async () => {
    const prefix = `t-${randomUUID()}`;
    const make = () =>
      createBullmqQueue({
        logger: silentLogger,
        redisUrl: redis.url,
        concurrency: 4,
        prefix,
        backoffMs: 100,
      });
    const queues = [make(), make()];
    const rec = new RunRecorder();
    try {
      for (const queue of queues) await queue.process(rec.handler(() => sleep(400)));
      await queues[0]!.schedule([testSource('alpha', { every: '1s' }), testSource('beta', { every: '1s' })]);
      for (let i = 0; i < 40; i++) {
        await queues[i % 2]!.enqueueCrawl(i % 3 === 0 ? 'beta' : 'alpha', 'manual');
        await sleep(50);
      }
      await waitFor('several runs of each', () => rec.finished('alpha') >= 3 && rec.finished('beta') >= 3);
      expect(rec.maxActive.get('alpha')).toBe(1);
      expect(rec.maxActive.get('beta')).toBe(1);
      expect(rec.maxTotal).toBe(2);
    } finally {
      await Promise.all(queues.map((queue) => queue.close()));
    }
  });

  it("shows one process's final failures to another (the API reads what workers recorded)", async () => {
    const prefix = `t-${randomUUID()}`;
    const worker = createBullmqQueue({
      logger: silentLogger,
      redisUrl: redis.url,
      concurrency: 1,
      prefix,
    });
    const api: JobQueue = await createQueue(
      { kind: 'bullmq', redisUrl: redis.url, concurrency: 1 },
      // Retry settings travel with the job, so they are the enqueuing process's.
      { logger: silentLogger, prefix, attempts: 2, backoffMs: 50 },
    );
    try {
      await worker.process(async () => {
        throw new Error('site down');
      });
      expect(api.kind).toBe('bullmq');
      await api.enqueueCrawl('alpha', 'manual');
      let failures: Awaited<ReturnType<JobQueue['failures']>> = [];
      for (let i = 0; i < 200 && failures.length === 0; i++) {
        failures = await api.failures();
        await sleep(50);
      }
      expect(failures).toMatchObject([
        { sourceId: 'alpha', reason: 'manual', attempts: 2, error: 'site down' },
      ]);
    } finally {
      await Promise.all([worker.close(), api.close()]);
    }
  });
});

describe('bullmq queue without Redis', () => {
  it('fails fast with a clear error that hides the password, and still closes', async () => {
    const queue = createBullmqQueue({
      logger: silentLogger,
      redisUrl: 'redis://:hunter2@127.0.0.1:1',
      concurrency: 1,
      connectTimeoutMs: 500,
    });
    const error = await queue.enqueueCrawl('alpha', 'manual').catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 'unavailable' });
    expect((error as Error).message).toContain('127.0.0.1:1 does not answer');
    expect((error as Error).message).not.toContain('hunter2');
    await expect(queue.schedule([testSource('alpha', { every: '1s' })])).rejects.toMatchObject({
      code: 'unavailable',
    });
    await queue.close();
  });
});

/** How many files of BullMQ and its Redis client a fresh process has loaded after `body` (an ES module). */
function redisModulesLoadedBy(body: string): number {
  const repo = fileURLToPath(new URL('..', import.meta.url));
  const script = join(testDir('queue-load'), 'script.mjs');
  writeFileSync(
    script,
    `import { createRequire } from 'node:module';\n${body}\n` +
      `const files = Object.keys(createRequire(import.meta.url).cache);\n` +
      `console.log(files.filter((f) => /node_modules\\/(bullmq|ioredis)\\//.test(f)).length);\n`,
  );
  const run = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: repo, encoding: 'utf8' });
  expect(run.stderr).not.toMatch(/Error/);
  return Number(run.stdout.trim().split('\n').at(-1));
}

describe('createQueue', () => {
  it('builds the in-process queue for the default config', async () => {
    const queue = await createQueue({ kind: 'inline' }, { logger: silentLogger });
    expect(queue.kind).toBe('inline');
    await queue.close();
  });

  it('does not load BullMQ or its Redis client for the in-process queue', () => {
    const jobs = JSON.stringify(fileURLToPath(new URL('./index.ts', import.meta.url)));
    const bullmq = JSON.stringify(fileURLToPath(new URL('./bullmq/index.ts', import.meta.url)));
    const domain = JSON.stringify(fileURLToPath(new URL('../domain/index.ts', import.meta.url)));
    const inline = `const { createQueue } = await import(${jobs});
const { silentLogger } = await import(${domain});
await (await createQueue({ kind: 'inline' }, { logger: silentLogger })).close();`;
    expect(redisModulesLoadedBy(inline)).toBe(0);
    // The check itself sees them when they are loaded.
    expect(redisModulesLoadedBy(`await import(${bullmq});`)).toBeGreaterThan(0);
  });
});
