import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../types.ts';
import { at, scraped, type StoreContract } from './fixtures.ts';

/** Listings: identity per (source, external id), versions on content change, removal, search. */
export const listingsContract: StoreContract = (name, open) => {
  describe(`${name}: listings`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('stores a new listing with version 1 and its evidence', async () => {
      const s = scraped();
      const r = await store.listings.upsert(s, at(0));
      expect(r.outcome).toBe('new');
      expect(r.listing).toMatchObject({
        sourceId: s.sourceId,
        externalId: s.externalId,
        title: s.title,
        text: s.text,
        fields: s.fields,
        postedAt: s.postedAt,
        contentHash: s.contentHash,
        currentVersion: 1,
        status: 'active',
        firstSeenAt: at(0).toISOString(),
        lastSeenAt: at(0).toISOString(),
        removedAt: null,
        missedRuns: 0,
      });
      expect(r.version).toEqual({
        listingId: r.listing.id,
        version: 1,
        contentHash: s.contentHash,
        title: s.title,
        text: s.text,
        fields: s.fields,
        evidence: s.evidence,
        createdAt: at(0).toISOString(),
      });
      expect(await store.listings.get(r.listing.id)).toEqual(r.listing);
      expect(await store.listings.getByExternalId(s.sourceId, s.externalId)).toEqual(r.listing);
    });

    it('never duplicates the same listing: unchanged, one version, lastSeenAt updated', async () => {
      const first = await store.listings.upsert(scraped(), at(0));
      const second = await store.listings.upsert(scraped(), at(30));
      expect(second.outcome).toBe('unchanged');
      expect(second.listing.id).toBe(first.listing.id);
      expect(second.listing.currentVersion).toBe(1);
      expect(second.listing.firstSeenAt).toBe(at(0).toISOString());
      expect(second.listing.lastSeenAt).toBe(at(30).toISOString());
      expect(second.version).toEqual(first.version);
      expect(await store.listings.count()).toBe(1);
      expect(await store.listings.versions(first.listing.id)).toHaveLength(1);
    });

    it('creates version 2 on a changed text and keeps version 1', async () => {
      const v1 = scraped();
      const v2 = scraped({
        text: 'Lampe 600W, prix en baisse.',
        evidence: { ...v1.evidence, sha256: 'b'.repeat(64) },
      });
      const first = await store.listings.upsert(v1, at(0));
      const changed = await store.listings.upsert(v2, at(10));
      expect(changed.outcome).toBe('changed');
      expect(changed.listing).toMatchObject({
        id: first.listing.id,
        currentVersion: 2,
        contentHash: v2.contentHash,
        text: v2.text,
        firstSeenAt: at(0).toISOString(),
        lastSeenAt: at(10).toISOString(),
      });
      expect(changed.version).toMatchObject({ version: 2, contentHash: v2.contentHash, text: v2.text });
      const versions = await store.listings.versions(first.listing.id);
      expect(versions.map((v) => [v.version, v.contentHash, v.text, v.evidence.sha256])).toEqual([
        [1, v1.contentHash, v1.text, v1.evidence.sha256],
        [2, v2.contentHash, v2.text, v2.evidence.sha256],
      ]);
      expect(await store.listings.count()).toBe(1);
      const again = await store.listings.upsert(v2, at(20));
      expect(again.outcome).toBe('unchanged');
      expect(again.version.version).toBe(2);
    });

    it('keeps listings apart by source and external id', async () => {
      await store.listings.upsert(scraped(), at(0));
      await store.listings.upsert(scraped({ externalId: 'ad-2' }), at(0));
      const other = await store.listings.upsert(scraped({ sourceId: 'demo-forum' }), at(0));
      expect(other.outcome).toBe('new');
      expect(await store.listings.count()).toBe(3);
      expect(await store.listings.getByExternalId('demo-forum', 'ad-2')).toBeNull();
      expect(await store.listings.get('no-such-id')).toBeNull();
      expect(await store.listings.versions('no-such-id')).toEqual([]);
    });

    it('round-trips hostile text and fields unchanged', async () => {
      const s = scraped({
        title: `"'); DROP TABLE listings; -- <script>alert(1)</script>`,
        text: 'NUL-free but odd: \u202e reversed, emoji 🌿, quotes " \' ` and {"json": true}',
        fields: { 'seller"': '<img src=x onerror=alert(1)>', price: '' },
      });
      const r = await store.listings.upsert(s, at(0));
      const back = await store.listings.get(r.listing.id);
      expect(back).toMatchObject({ title: s.title, text: s.text, fields: s.fields });
    });

    it('touch marks listings seen without a new version', async () => {
      const a = await store.listings.upsert(scraped(), at(0));
      await store.listings.markMissing(a.listing.sourceId, [], 5, at(5));
      expect((await store.listings.get(a.listing.id))!.missedRuns).toBe(1);
      await store.listings.touch(a.listing.sourceId, [a.listing.externalId, 'unknown'], at(10));
      await store.listings.touch(a.listing.sourceId, [], at(20));
      const after = await store.listings.get(a.listing.id);
      expect(after).toMatchObject({ lastSeenAt: at(10).toISOString(), missedRuns: 0, currentVersion: 1 });
      await store.listings.touch('other-source', [a.listing.externalId], at(30));
      expect((await store.listings.get(a.listing.id))!.lastSeenAt).toBe(at(10).toISOString());
    });

    it('markMissing counts missed runs, removes at the threshold, and resets when seen again', async () => {
      const ids = ['a', 'b', 'c'];
      for (const id of ids) await store.listings.upsert(scraped({ externalId: id }), at(0));
      const elsewhere = await store.listings.upsert(
        scraped({ sourceId: 'demo-forum', externalId: 'b' }),
        at(0),
      );
      const src = 'demo-classifieds';
      const get = (id: string) => store.listings.getByExternalId(src, id);

      expect(await store.listings.markMissing(src, ['a'], 2, at(10))).toBe(0);
      expect((await get('b'))!.missedRuns).toBe(1);
      expect((await get('c'))!.missedRuns).toBe(1);
      expect((await get('a'))!.missedRuns).toBe(0);

      await store.listings.touch(src, ['c'], at(15));
      expect(await store.listings.markMissing(src, ['a'], 2, at(20))).toBe(1);
      expect(await get('b')).toMatchObject({
        status: 'removed',
        removedAt: at(20).toISOString(),
        missedRuns: 2,
      });
      expect(await get('c')).toMatchObject({ status: 'active', missedRuns: 1, removedAt: null });
      expect(await get('a')).toMatchObject({ status: 'active', missedRuns: 0 });
      expect(await store.listings.get(elsewhere.listing.id)).toMatchObject({
        status: 'active',
        missedRuns: 0,
      });

      // Already removed listings are not counted again.
      expect(await store.listings.markMissing(src, ['a', 'c'], 2, at(30))).toBe(0);
      expect((await get('b'))!.missedRuns).toBe(2);

      const back = await store.listings.upsert(scraped({ externalId: 'b' }), at(40));
      expect(back.outcome).toBe('unchanged');
      expect(back.listing).toMatchObject({ status: 'active', removedAt: null, missedRuns: 0 });
    });

    it('searches titles and texts by word, regardless of accents and case', async () => {
      const grow = await store.listings.upsert(
        scraped({
          externalId: 'g',
          title: 'Matériel hydroponique',
          text: 'Kit complet, livraison à Schaerbeek.',
        }),
        at(0),
      );
      const cafe = await store.listings.upsert(
        scraped({ externalId: 'c', title: 'Café à céder', text: 'Machine espresso, très bon état.' }),
        at(0),
      );
      const ids = async (q: string) => (await store.listings.search(q, 10)).map((l) => l.id).sort();

      expect(await ids('hydroponique')).toEqual([grow.listing.id]);
      expect(await ids('MATERIEL')).toEqual([grow.listing.id]);
      expect(await ids('cafe')).toEqual([cafe.listing.id]);
      expect(await ids('CÉDER')).toEqual([cafe.listing.id]);
      expect(await ids('livraison schaerbeek')).toEqual([grow.listing.id]);
      expect(await ids('livraison espresso')).toEqual([]);
      expect(await ids('etat')).toEqual([cafe.listing.id]);
      expect(await ids('absent')).toEqual([]);
      expect(await ids('   ')).toEqual([]);
      // Query syntax is never interpreted: quotes, operators and parentheses are plain text.
      expect(await ids('"café" * ^ ( - :')).toEqual([cafe.listing.id]);
      expect(await ids('OR NEAR(')).toEqual([]);
      const many = await store.listings.search('cafe', 1);
      expect(many).toHaveLength(1);
      expect(many[0]).toEqual(await store.listings.get(cafe.listing.id));
    });

    it('keeps search in step with changed listings', async () => {
      const first = await store.listings.upsert(scraped({ text: 'ancienne annonce tomates' }), at(0));
      await store.listings.upsert(scraped({ text: 'nouvelle annonce courgettes' }), at(10));
      expect((await store.listings.search('courgettes', 10)).map((l) => l.id)).toEqual([first.listing.id]);
      expect(await store.listings.search('tomates', 10)).toEqual([]);
    });
  });
};
