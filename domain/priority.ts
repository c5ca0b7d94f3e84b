import type { Classification } from './signal.ts';

/** How the priority comes about, factor by factor, for the alert page. */
export interface PriorityExplanation {
  score: number;
  factors: { factor: string; points: number; detail: string }[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Triage priority (0–100), factor by factor: the strongest score (production weighs 1.15×: growers are
 * rarer and costlier to miss, measure 3.5), a Brussels commune, freshness (ads vanish fast) and the
 * actor's history (other listings of the same seller). The pipeline stores it with what it knows when
 * it scores one ad; the alert page recomputes it with the actor's current listings.
 */
export function explainPriority(
  alert: Pick<Classification, 'scores' | 'commune'>,
  postedAt: string | null,
  actorListings: number,
  now: Date,
): PriorityExplanation {
  const { market, production } = alert.scores;
  const factors: PriorityExplanation['factors'] = [];
  const productionLeads = production * 1.15 > market;
  factors.push({
    factor: productionLeads ? 'production_score' : 'market_score',
    points: Math.round(Math.max(market, production * 1.15) * 70),
    detail: productionLeads
      ? `production score ${production.toFixed(2)} (production sites weigh 1.15×)`
      : `market score ${market.toFixed(2)}`,
  });
  if (alert.commune)
    factors.push({ factor: 'brussels_commune', points: 15, detail: `located in ${alert.commune}` });
  const posted = postedAt ? Date.parse(postedAt) : Number.NaN;
  const ageDays = Number.isNaN(posted) ? 7 : Math.max(0, (now.getTime() - posted) / DAY_MS);
  const fresh = Math.round(15 * Math.max(0, 1 - ageDays / 14));
  if (fresh > 0) {
    factors.push({
      factor: 'recency',
      points: fresh,
      detail: Number.isNaN(posted)
        ? 'posting date unknown (counted as a week old)'
        : `posted ${ageDays.toFixed(1)} days ago`,
    });
  }
  if (actorListings > 1) {
    factors.push({
      factor: 'actor_history',
      points: Math.min(15, (actorListings - 1) * 5),
      detail: `the same seller has ${actorListings - 1} other listing(s)`,
    });
  }
  const score = Math.min(
    100,
    factors.reduce((sum, f) => sum + f.points, 0),
  );
  return { score, factors };
}
