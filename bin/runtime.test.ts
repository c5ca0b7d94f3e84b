import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.ts';
import { silentLogger } from '../domain/index.ts';
import { testDir } from '../test-support/temp-dir.ts';
import { createRuntime } from './runtime.ts';

/** A 127.0.0.1 port that refuses connections: taken, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('createRuntime', () => {
  it('retries a failing crawl as configured (retry.attempts, retry.backoffMs), then records the failure', async () => {
    const dir = testDir('runtime');
    const sources = join(dir, 'sources.yaml');
    const port = await closedPort();
    writeFileSync(
      sources,
      `id: down\nname: Down\nkind: feed\nstartUrls: ['http://127.0.0.1:${port}/rss.xml']\nextract: { kind: feed }\n`,
    );
    const config = loadConfig({
      env: { VIGIE_RETRY_ATTEMPTS: '2', VIGIE_RETRY_BACKOFF_MS: '20' },
      overrides: { dataDir: dir, sources, 'demo.enabled': false, crawlOnStart: false, logLevel: 'silent' },
    });
    expect(config.retry).toEqual({ attempts: 2, backoffMs: 20 });
    const runtime = await createRuntime(config, silentLogger);
    try {
      await runtime.queue.process(runtime.pipeline.handler);
      await runtime.queue.enqueueCrawl('down', 'manual');
      let failures = await runtime.queue.failures();
      for (let i = 0; i < 200 && failures.length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        failures = await runtime.queue.failures();
      }
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({ sourceId: 'down', attempts: 2 });
      const runs = await runtime.store.runs.listBySource('down', 10);
      expect(runs.map((r) => r.status)).toEqual(['failed', 'failed']);
    } finally {
      await runtime.close();
    }
  });
});
