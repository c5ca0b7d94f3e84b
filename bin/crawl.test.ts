import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../demo/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigie-crawl-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function vigie(...args: string[]) {
  return vigieWith({}, ...args);
}

function vigieWith(env: Record<string, string>, ...args: string[]) {
  return spawnSync(process.execPath, ['bin/vigie.js', ...args], {
    env: { ...process.env, VIGIE_DATA_DIR: dir, VIGIE_DEMO_PORT: '0', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('vigie crawl', () => {
  it('crawls one source now and prints the run summary; a second run finds nothing new', () => {
    const telegramItems = loadCorpus().filter((item) => item.platform === 'telegram').length;
    const first = vigie('crawl', 'demo-telegram');
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/of demo-telegram: succeeded/);
    expect(first.stdout).toContain(
      `listings          ${telegramItems} new, 0 changed, 0 unchanged, 0 removed`,
    );
    expect(first.stderr).toMatch(/demo-telegram .* pages/); // the progress bar

    const second = vigie('crawl', 'demo-telegram');
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain(
      `listings          0 new, 0 changed, ${telegramItems} unchanged, 0 removed`,
    );
  });

  it('lists the sources, and refuses an unknown one with exit code 2', () => {
    const list = vigie('crawl', '--list');
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/demo-shop\s+listing\s+browser/);
    const unknown = vigie('crawl', 'nope');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown source "nope"');
  });

  it('stops with exit code 2 naming the file and field of an invalid source file', () => {
    const bad = join(dir, 'bad-source.yaml');
    writeFileSync(bad, 'id: x\nname: X\nkind: feed\nstartUrls: [not-a-url]\nextract: { kind: feed }\n');
    const result = vigieWith({ VIGIE_SOURCES: bad }, 'crawl', '--list');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('bad-source.yaml');
    expect(result.stderr).toContain('startUrls.0: got "not-a-url"');
  });
});
