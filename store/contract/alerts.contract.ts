import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError, type Alert } from '../../domain/index.ts';
import type { AlertFilter, Store } from '../types.ts';
import { at, candidate, scraped, type StoreContract } from './fixtures.ts';

/** Alerts: one per listing, updated by newer listing versions, newest first with cursor pages. */
export const alertsContract: StoreContract = (name, open) => {
  describe(`${name}: alerts`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    /** A stored listing (alerts point at one), with distinct text so none look like reposts. */
    async function listing(externalId: string, sourceId = 'demo-classifieds'): Promise<string> {
      const text = `Annonce ${externalId} ${sourceId}: ${'xyzw'.repeat(externalId.length)} ${Math.random()}`;
      return (await store.listings.upsert(scraped({ externalId, sourceId, text }), at(0))).listing.id;
    }

    /** Every alert matching `filter`, walking the pages of `limit`. */
    async function walk(filter: AlertFilter, limit: number): Promise<{ alerts: Alert[]; pages: number }> {
      const alerts: Alert[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await store.alerts.list(filter, { limit, cursor });
        expect(page.items.length).toBeLessThanOrEqual(limit);
        alerts.push(...page.items);
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 100);
      return { alerts, pages };
    }

    it('creates one alert per listing from a candidate', async () => {
      const listingId = await listing('a');
      const c = candidate(listingId);
      const { alert, outcome } = await store.alerts.upsertFromCandidate(c, at(0));
      expect(outcome).toBe('created');
      expect(alert).toMatchObject({
        listingId,
        sourceId: c.sourceId,
        listingVersion: 1,
        title: c.title,
        url: c.url,
        labels: ['market'],
        scores: { market: 0.9, production: 0.1 },
        substances: ['cannabis'],
        commune: 'Anderlecht',
        contacts: c.classification.contacts,
        explanation: c.classification.explanation,
        modelVersion: 'lexicon-1',
        priority: c.priority,
        status: 'new',
        assignee: null,
        tags: [],
        version: 1,
        createdAt: at(0).toISOString(),
        updatedAt: at(0).toISOString(),
      });
      expect(await store.alerts.get(alert.id)).toEqual(alert);
      expect(await store.alerts.getByListing(listingId)).toEqual(alert);
      expect(await store.alerts.get('no-such-alert')).toBeNull();
      expect(await store.alerts.getByListing('no-such-listing')).toBeNull();
    });

    it('leaves the alert unchanged for the same listing version, and never duplicates it', async () => {
      const listingId = await listing('a');
      const created = await store.alerts.upsertFromCandidate(candidate(listingId), at(0));
      const again = await store.alerts.upsertFromCandidate(candidate(listingId), at(5));
      expect(again.outcome).toBe('unchanged');
      expect(again.alert).toEqual(created.alert);
      const racing = await Promise.all(
        Array.from({ length: 5 }, () => store.alerts.upsertFromCandidate(candidate(listingId), at(6))),
      );
      expect(racing.map((r) => r.outcome)).toEqual(Array(5).fill('unchanged'));
      expect(await store.alerts.count({})).toBe(1);
    });

    it('creates exactly one alert when the same new candidate arrives at once', async () => {
      const listingId = await listing('a');
      const results = await Promise.all(
        Array.from({ length: 5 }, () => store.alerts.upsertFromCandidate(candidate(listingId), at(0))),
      );
      expect(results.filter((r) => r.outcome === 'created')).toHaveLength(1);
      expect(new Set(results.map((r) => r.alert.id)).size).toBe(1);
      expect(await store.alerts.count({})).toBe(1);
    });

    it('updates scores, labels, contacts and model from a newer listing version', async () => {
      const listingId = await listing('a');
      const created = await store.alerts.upsertFromCandidate(candidate(listingId), at(0));
      const newer = candidate(listingId, {
        listingVersion: 2,
        market: 0.2,
        production: 0.8,
        model: 'lexicon-2',
      });
      newer.classification.contacts = [{ type: 'phone', value: '0470 12 34 56', normalized: '+32470123456' }];
      const { alert, outcome } = await store.alerts.upsertFromCandidate(newer, at(10));
      expect(outcome).toBe('updated');
      expect(alert).toMatchObject({
        id: created.alert.id,
        listingVersion: 2,
        labels: ['production'],
        scores: { market: 0.2, production: 0.8 },
        contacts: newer.classification.contacts,
        modelVersion: 'lexicon-2',
        priority: 0.8,
        version: created.alert.version + 1,
        createdAt: at(0).toISOString(),
        updatedAt: at(10).toISOString(),
      });
      expect(await store.alerts.get(alert.id)).toEqual(alert);

      // A late job for an older version changes nothing.
      const late = await store.alerts.upsertFromCandidate(candidate(listingId), at(20));
      expect(late.outcome).toBe('unchanged');
      expect(late.alert).toEqual(alert);
      expect(await store.alerts.count({})).toBe(1);
    });

    it('walks every alert exactly once, newest first, across pages', async () => {
      const minutes = [0, 0, 1, 1, 1, 2, 3];
      for (const [i, minute] of minutes.entries()) {
        await store.alerts.upsertFromCandidate(candidate(await listing(`p${i}`)), at(minute));
      }
      for (const limit of [1, 3, 7, 50]) {
        const { alerts, pages } = await walk({}, limit);
        expect(alerts).toHaveLength(minutes.length);
        expect(new Set(alerts.map((a) => a.id)).size).toBe(minutes.length);
        expect(pages).toBe(Math.ceil(minutes.length / limit));
        const order = [...alerts].sort((a, b) =>
          a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1,
        );
        expect(alerts.map((a) => a.id)).toEqual(order.map((a) => a.id));
      }
      expect((await store.alerts.list({}, { limit: 7 })).nextCursor).toBeNull();
    });

    it('filters by status, label and source, and counts the same', async () => {
      const made: Alert[] = [];
      for (const [i, [source, market, production]] of (
        [
          ['src-a', 0.9, 0.1],
          ['src-a', 0.1, 0.9],
          ['src-b', 0.8, 0.7],
          ['src-b', 0.9, 0.2],
          ['src-b', 0.6, 0.1],
        ] as const
      ).entries()) {
        const c = candidate(await listing(`f${i}`, source), { sourceId: source, market, production });
        made.push((await store.alerts.upsertFromCandidate(c, at(i))).alert);
      }
      const expectIds = async (filter: AlertFilter, want: Alert[]) => {
        const { alerts } = await walk(filter, 2);
        expect(alerts.map((a) => a.id).sort()).toEqual(want.map((a) => a.id).sort());
        expect(await store.alerts.count(filter)).toBe(want.length);
      };
      await expectIds({}, made);
      await expectIds({ sourceId: 'src-b' }, made.slice(2));
      await expectIds({ label: 'production' }, [made[1]!, made[2]!]);
      await expectIds({ label: 'market', sourceId: 'src-b' }, made.slice(2));
      await expectIds({ status: ['new'] }, made);
      await expectIds({ status: ['dismissed', 'escalated'] }, []);
      await expectIds({ sourceId: 'src-c' }, []);
    });

    it('rejects a malformed cursor or page size with a validation error', async () => {
      for (const cursor of ['not a cursor!', 'bm90LWpzb24', Buffer.from('[1,2]').toString('base64url')]) {
        const err = await store.alerts.list({}, { limit: 10, cursor }).catch((e: unknown) => e);
        expect(isAppError(err, 'validation')).toBe(true);
      }
      for (const limit of [0, -1, 1.5, 1_000_000]) {
        const err = await store.alerts.list({}, { limit }).catch((e: unknown) => e);
        expect(isAppError(err, 'validation')).toBe(true);
      }
    });
  });
};
