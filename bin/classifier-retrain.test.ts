import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { at, candidate, scraped } from '../store/contract/fixtures.ts';
import { openSqliteStore } from '../store/sqlite/index.ts';
import { runCommand } from '../test-support/run-command.ts';
import { testDir } from '../test-support/temp-dir.ts';

const retrain = (dataDir: string, args: string[] = []) =>
  runCommand('node', ['bin/vigie.js', 'classifier', 'retrain', '--folds', '2', ...args], {
    env: { VIGIE_DATA_DIR: dataDir },
  });

/** A store where analysts confirmed one alert and dismissed another. */
async function storeWithVerdicts(dir: string): Promise<void> {
  const store = await openSqliteStore(join(dir, 'vigie.db'));
  try {
    const meta = { userId: null, now: at(10) };
    const ads = [
      {
        externalId: 'ad-1',
        title: 'Beuh dispo',
        text: 'Amnesia 10€/g, livraison Ixelles, snap greenjet',
        status: 'confirmed',
      },
      {
        externalId: 'ad-2',
        title: 'Plants de tomates',
        text: 'Tomates cerises en godet, 2€ pièce, Uccle',
        status: 'dismissed',
      },
    ] as const;
    for (const ad of ads) {
      const { listing } = await store.listings.upsert(scraped(ad), at(0));
      const { alert } = await store.alerts.upsertFromCandidate(candidate(listing.id), at(1));
      const patch =
        ad.status === 'dismissed'
          ? { status: ad.status, dismissReason: 'legal_product' as const }
          : { status: ad.status };
      await store.alerts.update(alert.id, alert.version, patch, meta);
    }
  } finally {
    await store.close();
  }
}

describe('vigie classifier retrain', () => {
  it("trains on the corpus plus the store's verdicts and promotes only what it says it promotes", async () => {
    const dir = testDir('retrain');
    await storeWithVerdicts(dir);
    const { code, stdout, stderr } = await retrain(dir);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Retraining with 2 verdict(s)');
    expect(stdout).toMatch(/macro-F1\s+\d+\.\d%\s+\d+\.\d%/);
    const promoted = join(dir, 'classifier', 'model.json');
    expect(stdout.includes(`to ${promoted}`)).toBe(existsSync(promoted));
    expect(stdout).toMatch(/promoted .* to |not promoted: the new model is worse/);
  }, 120_000);

  it('names the bad line of a --verdicts file and promotes nothing', async () => {
    const dir = testDir('retrain');
    const file = join(dir, 'verdicts.jsonl');
    writeFileSync(file, '{"text": "beuh 10 le g", "labels": ["market"]}\nnot json\n');
    const { code, stdout, stderr } = await retrain(dir, ['--verdicts', file]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${file}:2: not a JSON object`);
    expect(stdout).toBe('');
    expect(existsSync(join(dir, 'classifier', 'model.json'))).toBe(false);
  });
});
