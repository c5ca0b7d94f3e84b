import Database from 'better-sqlite3';

/** Sizes of the bench data set. */
export const BENCH_ALERTS = 100_000;
export const BENCH_VERSIONS_PER_LISTING = 10;

const STATUSES: [string, number][] = [
  ['new', 0.4],
  ['in_review', 0.15],
  ['confirmed', 0.1],
  ['dismissed', 0.3],
  ['escalated', 0.03],
  ['acknowledged', 0.02],
];
const COMMUNES = [
  'Anderlecht',
  'Molenbeek-Saint-Jean',
  'Schaerbeek',
  'Ixelles',
  'Saint-Gilles',
  'Forest',
  'Bruxelles',
  null,
];
const SUBSTANCES = ['cannabis', 'cocaine', 'mdma', 'ketamine', 'heroin'];
const WORDS =
  'beuh weed livraison discret qualité gramme prix bruxelles dispo contact snap telegram pochon plaquette amnesia skunk'.split(
    ' ',
  );

/** Deterministic pseudo-random numbers, so every run fills the same data. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Fills an already-migrated SQLite store with 100,000 listings of 10 versions each (1,000,000
 * versions) and one alert per listing, in one transaction with plain SQL (the repositories' upserts
 * do one listing at a time). Returns the created_at/id of the alert at 90% depth, for a deep cursor.
 */
export function fillBenchStore(path: string, start: Date): { deep: { createdAt: string; id: string } } {
  const db = new Database(path);
  // No journal while filling (a throw-away bench file): the WAL would write every page twice.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const random = rng(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const insertListing =
    db.prepare(`INSERT INTO listings (id, source_id, external_id, url, title, text, fields, posted_at,
    content_hash, current_version, status, first_seen_at, last_seen_at, removed_at, missed_runs)
    VALUES (?, ?, ?, ?, ?, ?, '{}', NULL, ?, ?, 'active', ?, ?, NULL, 0)`);
  const insertVersion =
    db.prepare(`INSERT INTO listing_versions (listing_id, version, content_hash, title, text, fields, evidence, created_at)
    VALUES (?, ?, ?, ?, ?, '{}', ?, ?)`);
  const insertAlert =
    db.prepare(`INSERT INTO alerts (id, listing_id, source_id, listing_version, title, url, labels, score_market,
    score_production, substances, commune, contacts, explanation, model_version, priority, status, assignee, tags, version,
    created_at, updated_at, dismiss_reason, group_id, duplicate_of, decided_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', '[]', 'bench', ?, ?, NULL, '[]', 1, ?, ?, ?, ?, ?, NULL)`);
  let deep = { createdAt: '', id: '' };
  db.transaction(() => {
    let previousHead = '';
    for (let i = 0; i < BENCH_ALERTS; i++) {
      const id = `L${String(i).padStart(9, '0')}`;
      const alertId = `A${String(i).padStart(9, '0')}`;
      // One alert every ~30 s going back from `start`, oldest first.
      const created = new Date(start.getTime() - (BENCH_ALERTS - i) * 30_000).toISOString();
      const title = `${pick(WORDS)} ${pick(WORDS)} ${i}`;
      const text = Array.from({ length: 14 }, () => pick(WORDS)).join(' ');
      const source = `source-${i % 8}`;
      insertListing.run(
        id,
        source,
        `ext-${i}`,
        `http://127.0.0.1/ad/${i}`,
        title,
        text,
        `h${i}`,
        BENCH_VERSIONS_PER_LISTING,
        created,
        created,
      );
      const evidence = JSON.stringify({
        sha256: 'a'.repeat(64),
        finalUrl: `http://127.0.0.1/ad/${i}`,
        status: 200,
        headers: {},
        fetchedAt: created,
        screenshotSha256: null,
      });
      for (let v = 1; v <= BENCH_VERSIONS_PER_LISTING; v++)
        insertVersion.run(id, v, `h${i}-${v}`, title, text, evidence, created);
      let r = random();
      const status = STATUSES.find(([, share]) => (r -= share) < 0)?.[0] ?? 'new';
      const l = random();
      const labels = l < 0.7 ? ['market'] : l < 0.9 ? ['production'] : ['market', 'production'];
      const market = labels.includes('market') ? 0.5 + random() / 2 : random() / 2;
      const production = labels.includes('production') ? 0.5 + random() / 2 : random() / 2;
      // One listing in ten is a repost of the previous group head.
      const duplicateOf = i > 0 && random() < 0.1 ? previousHead : null;
      if (!duplicateOf) previousHead = alertId;
      insertAlert.run(
        alertId,
        id,
        source,
        BENCH_VERSIONS_PER_LISTING,
        title,
        `http://127.0.0.1/ad/${i}`,
        JSON.stringify(labels),
        market,
        production,
        JSON.stringify([pick(SUBSTANCES)]),
        pick(COMMUNES),
        Math.round(market * 70),
        status,
        created,
        created,
        status === 'dismissed' ? 'other' : null,
        `G${duplicateOf ?? alertId}`,
        duplicateOf,
      );
      if (i === Math.floor(BENCH_ALERTS * 0.1)) deep = { createdAt: created, id: alertId };
    }
  })();
  db.exec('ANALYZE');
  db.pragma('journal_mode = WAL');
  db.close();
  return { deep };
}
