import { describe, expect, it } from 'vitest';
import { explainPriority } from './priority.ts';

const now = new Date('2026-11-25T12:00:00Z');
const scores = (market: number, production: number) => ({ market, production });

describe('explainPriority', () => {
  it('adds up its factors, and weighs production above an equal market score', () => {
    const market = explainPriority({ scores: scores(0.8, 0), commune: null }, null, 1, now);
    const production = explainPriority({ scores: scores(0, 0.8), commune: null }, null, 1, now);
    expect(production.score).toBeGreaterThan(market.score);
    for (const p of [market, production]) expect(p.score).toBe(p.factors.reduce((s, f) => s + f.points, 0));
  });

  it('raises Brussels, fresh and repeat-seller listings, capped at 100', () => {
    const base = explainPriority({ scores: scores(0.9, 0), commune: null }, '2026-10-01T00:00:00Z', 1, now);
    const located = explainPriority(
      { scores: scores(0.9, 0), commune: 'Ixelles' },
      '2026-10-01T00:00:00Z',
      1,
      now,
    );
    const fresh = explainPriority({ scores: scores(0.9, 0), commune: null }, '2026-11-25T10:00:00Z', 1, now);
    const seller = explainPriority({ scores: scores(0.9, 0), commune: null }, '2026-10-01T00:00:00Z', 4, now);
    expect(located.score - base.score).toBe(15);
    expect(fresh.score).toBeGreaterThan(base.score);
    expect(seller.factors.map((f) => f.factor)).toContain('actor_history');
    expect(seller.score).toBeGreaterThan(base.score);
    const top = explainPriority({ scores: scores(1, 1), commune: 'Uccle' }, now.toISOString(), 20, now);
    expect(top.score).toBe(100);
  });
});
