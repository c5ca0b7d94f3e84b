import type { Classification } from '../domain/signal.ts';

const DAY_MS = 86_400_000;

/**
 * Base triage priority, 0–100: the strongest score, production weighing more (measure 3.5: growers
 * are rarer and costlier to miss), a Brussels commune, and freshness (ads vanish fast).
 */
export function alertPriority(
  classification: Pick<Classification, 'scores' | 'commune'>,
  postedAt: string | null,
  now: Date,
): number {
  const { market, production } = classification.scores;
  let priority = Math.max(market, production * 1.15) * 70;
  if (classification.commune) priority += 15;
  const posted = postedAt ? Date.parse(postedAt) : Number.NaN;
  const ageDays = Number.isNaN(posted) ? 7 : Math.max(0, (now.getTime() - posted) / DAY_MS);
  priority += 15 * Math.max(0, 1 - ageDays / 14);
  return Math.round(Math.min(100, priority));
}
