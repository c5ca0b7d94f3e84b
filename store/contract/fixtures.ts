import { listingContentHash, type AlertCandidate, type ScrapedListing } from '../../domain/index.ts';
import type { Store } from '../types.ts';

/** A contract: declares describe/it blocks that every Store implementation must pass. */
export type StoreContract = (name: string, open: () => Promise<Store>) => void;

/** A fixed clock for tests: `at(n)` is n minutes after a fixed start. */
export function at(minutes: number): Date {
  return new Date(Date.UTC(2026, 0, 15, 8, 0, 0) + minutes * 60_000);
}

/** A scraped listing with its content hash computed from the given content. */
export function scraped(overrides: Partial<Omit<ScrapedListing, 'contentHash'>> = {}): ScrapedListing {
  const base = {
    sourceId: 'demo-classifieds',
    externalId: 'ad-1',
    url: 'http://127.0.0.1:9999/ads/1',
    title: 'Vends matériel de culture',
    text: 'Lampe 600W et ventilation, à retirer à Anderlecht.',
    fields: { price: '120 €', commune: 'Anderlecht' },
    postedAt: '2026-01-14T10:00:00.000Z',
    evidence: {
      sha256: 'a'.repeat(64),
      finalUrl: 'http://127.0.0.1:9999/ads/1',
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      fetchedAt: '2026-01-15T08:00:00.000Z',
      screenshotSha256: null,
    },
    ...overrides,
  };
  return { ...base, contentHash: listingContentHash(base) };
}

/** An alert candidate for a listing, as the classifier stage would hand it over. */
export function candidate(
  listingId: string,
  overrides: Partial<AlertCandidate> & { market?: number; production?: number; model?: string } = {},
): AlertCandidate {
  const { market = 0.9, production = 0.1, model = 'lexicon-1', ...rest } = overrides;
  const labels = [
    ...(market >= 0.5 ? (['market'] as const) : []),
    ...(production >= 0.5 ? (['production'] as const) : []),
  ];
  return {
    listingId,
    sourceId: 'demo-classifieds',
    listingVersion: 1,
    title: 'Beuh dispo',
    url: 'http://127.0.0.1:9999/ads/1',
    priority: Math.max(market, production),
    classification: {
      labels,
      scores: { market, production },
      substances: ['cannabis'],
      commune: 'Anderlecht',
      contacts: [{ type: 'telegram', value: '@dealer', normalized: 'dealer' }],
      prices: [],
      language: 'fr',
      explanation: [{ label: 'market', feature: 'beuh', weight: 1.2, spans: [{ start: 0, end: 4 }] }],
      modelVersion: model,
    },
    ...rest,
  };
}
