import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { openSqliteStore } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigie-multi-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const root = fileURLToPath(new URL('../..', import.meta.url));

/** One writer process: opens the (possibly fresh) file and upserts 50 listings six times over. */
function writer(path: string, name: string): Promise<{ code: number | null; stderr: string }> {
  const code = `
    import { openSqliteStore } from ${JSON.stringify(new URL('./index.ts', import.meta.url).href)};
    import { scraped, at } from ${JSON.stringify(new URL('../contract/fixtures.ts', import.meta.url).href)};
    const store = await openSqliteStore(${JSON.stringify(path)});
    for (let i = 0; i < 300; i++) {
      await store.listings.upsert(scraped({ externalId: 'ad-' + (i % 50), text: '${name} pass ' + i }), at(i));
    }
    await store.close();`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (exitCode) => resolve({ code: exitCode, stderr }));
  });
}

// `vigie crawl` next to a running server: two processes write the same file.
it('lets several processes migrate and write one fresh SQLite file without "database is locked"', async () => {
  const path = join(dir, 'shared.db');
  const results = await Promise.all(['w1', 'w2', 'w3'].map((name) => writer(path, name)));
  for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 });

  const store = await openSqliteStore(path);
  expect(await store.listings.count()).toBe(50);
  for (let i = 0; i < 50; i++) {
    const listing = (await store.listings.getByExternalId('demo-classifieds', `ad-${i}`))!;
    const versions = await store.listings.versions(listing.id);
    // Every write changed the text: one version per write, numbered without gaps, the last one current.
    expect(versions.map((v) => v.version)).toEqual(versions.map((_, k) => k + 1));
    expect(versions.length).toBe(18);
    expect(listing.currentVersion).toBe(18);
    expect(listing.text).toBe(versions[versions.length - 1]!.text);
  }
  await store.close();
});
