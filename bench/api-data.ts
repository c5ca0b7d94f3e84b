import Database from 'better-sqlite3';
import type { ExplanationItem } from '../domain/index.ts';

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

const FEATURES = [
  'lexicon:market.dealing',
  'lexicon:market.contact',
  'lexicon:substance.cannabis.strong',
  'entity:price_per_gram',
  'entity:brussels_location',
  'pair:market.menu&entity.price_per_gram',
  'lexicon:production.grow',
];
const ITEMS_PER_LABEL = 8;

/** Deterministic pseudo-random numbers, so every run fills the same data. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * An explanation shaped and sized like the classifier's (8 items per label, about 1.5 KB of JSON, as
 * it gives on ads of this length): features with the spans of words of `title + "\n" + text`.
 */
function benchExplanation(input: string, random: () => number): ExplanationItem[] {
  const words = [...new Set(input.split(/\s+/))];
  const weight = (sign: number) => (sign * Math.round(random() * 3000)) / 1000;
  const items: ExplanationItem[] = [];
  for (const label of ['market', 'production'] as const) {
    items.push({ label, feature: 'combination', weight: weight(1), spans: [] });
    for (let k = 1; k < ITEMS_PER_LABEL; k++) {
      const word = words[Math.floor(random() * words.length)]!;
      const spans: ExplanationItem['spans'] = [];
      // Up to three occurrences, as the classifier reports them.
      let at = input.indexOf(word);
      while (at >= 0 && spans.length < 3) {
        spans.push({ start: at, end: at + word.length });
        at = input.indexOf(word, at + word.length);
      }
      const feature = k % 2 ? `word:${word}` : FEATURES[Math.floor(random() * FEATURES.length)]!;
      items.push({ label, feature, weight: weight(k < ITEMS_PER_LABEL - 2 ? 1 : -1), spans });
    }
  }
  return items;
}

/**
 * Fills an already-migrated SQLite store with 100,000 listings of 10 versions each (1,000,000
 * versions) and one alert per listing, in one transaction with plain SQL (the repositories' upserts
 * do one listing at a time). Returns the created_at/id of the alert at 90% depth, for a deep cursor,
 * and the mean size of the stored explanations' JSON.
 */
export function fillBenchStore(
  path: string,
  start: Date,
): { deep: { createdAt: string; id: string }; explanationBytes: number } {
  const db = new Database(path);
  // No journal while filling (a throw-away bench file): the WAL would write every page twice.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const random = rng(42);
  // A stream of its own, so the explanations leave the other fields as they were.
  const explainRandom = rng(7);
  let explanationBytes = 0;
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
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, 'bench', ?, ?, NULL, '[]', 1, ?, ?, ?, ?, ?, NULL)`);
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
      const explanation = JSON.stringify(benchExplanation(`${title}\n${text}`, explainRandom));
      explanationBytes += explanation.length;
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
        explanation,
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
  return { deep, explanationBytes: explanationBytes / BENCH_ALERTS };
}
