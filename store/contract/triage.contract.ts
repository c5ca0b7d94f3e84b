import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError, type Alert, type Contact } from '../../domain/index.ts';
import type { Store } from '../types.ts';
import { at, candidate, scraped, type StoreContract } from './fixtures.ts';

const phone: Contact = { type: 'phone', value: '0470 12 34 56', normalized: '+32470123456' };
const handle = (name: string): Contact => ({ type: 'telegram', value: `@${name}`, normalized: name });

/** Triage: versioned updates with history, re-opening, reposts, actors, verdicts, users, sessions, audit, comments. */
export const triageContract: StoreContract = (name, open) => {
  describe(`${name}: triage`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    async function alertFor(
      externalId: string,
      text: string,
      contacts: Contact[] = [],
      market = 0.9,
    ): Promise<Alert> {
      const stored = await store.listings.upsert(scraped({ externalId, text }), at(0));
      const c = candidate(stored.listing.id, { market });
      c.classification.contacts = contacts;
      return (await store.alerts.upsertFromCandidate(c, at(1))).alert;
    }

    it('updates only at the expected version, recording who, when, from and to', async () => {
      const alert = await alertFor('w1', 'Beuh premium livrée partout à Bruxelles');
      const updated = await store.alerts.update(
        alert.id,
        alert.version,
        { status: 'in_review', assignee: 'u1' },
        { userId: 'u1', now: at(5) },
      );
      expect(updated).toMatchObject({ status: 'in_review', assignee: 'u1', version: alert.version + 1 });
      const stale = await store.alerts
        .update(alert.id, alert.version, { status: 'confirmed' }, { userId: 'u2', now: at(6) })
        .catch((e: unknown) => e);
      expect(isAppError(stale, 'conflict')).toBe(true);
      expect((stale as { details: { current: Alert } }).details.current).toMatchObject({
        status: 'in_review',
        version: updated.version,
      });
      expect((await store.alerts.get(alert.id))?.status).toBe('in_review');
      const history = await store.alerts.history(alert.id);
      expect(history.filter((e) => e.actorUserId === 'u1').map((e) => [e.field, e.from, e.to, e.at])).toEqual(
        [
          ['status', 'new', 'in_review', at(5).toISOString()],
          ['assignee', null, 'u1', at(5).toISOString()],
        ],
      );
      const missing = await store.alerts
        .update('nope', 1, { status: 'new' }, { userId: 'u1', now: at(7) })
        .catch((e: unknown) => e);
      expect(isAppError(missing, 'not_found')).toBe(true);
    });

    it('re-opens a dismissed alert whose score rises, with a note; a lower score leaves it dismissed', async () => {
      const first = await store.listings.upsert(
        scraped({ externalId: 'r1', text: 'Vends plantes vertes' }),
        at(0),
      );
      const c1 = candidate(first.listing.id, { market: 0.6 });
      const alert = (await store.alerts.upsertFromCandidate(c1, at(1))).alert;
      await store.alerts.update(
        alert.id,
        alert.version,
        { status: 'dismissed', dismissReason: 'legal_product' },
        { userId: 'u1', now: at(2) },
      );
      const lower = await store.listings.upsert(
        scraped({ externalId: 'r1', text: 'Vends plantes vertes, prix bas' }),
        at(3),
      );
      const same = await store.alerts.upsertFromCandidate(
        { ...candidate(lower.listing.id, { market: 0.55 }), listingVersion: 2 },
        at(3),
      );
      expect(same.alert.status).toBe('dismissed');
      const higher = await store.listings.upsert(
        scraped({ externalId: 'r1', text: 'Vends beuh et plantes, livraison' }),
        at(4),
      );
      const reopened = await store.alerts.upsertFromCandidate(
        { ...candidate(higher.listing.id, { market: 0.95 }), listingVersion: 3 },
        at(4),
      );
      expect(reopened.outcome).toBe('reopened');
      expect(reopened.alert).toMatchObject({ id: alert.id, status: 'new', dismissReason: null });
      const note = (await store.alerts.history(alert.id)).find((e) => e.field === 'status' && e.to === 'new');
      expect(note?.note).toMatch(/score rose from 0\.55 to 0\.95/);
      expect((await store.alerts.list({}, { limit: 10 })).items).toHaveLength(1);
    });

    it('groups reposts across sources; the first alert heads the group and copies hide behind it', async () => {
      const text =
        'Weed de qualité, livraison rapide à Anderlecht et Molenbeek, 10€ le gramme, discrétion assurée';
      const a = await alertFor('g1', text);
      const stored = await store.listings.upsert(
        scraped({ externalId: 'g2', sourceId: 'other-site', text: text.replace('10€', '12€') }),
        at(0),
      );
      const b = (
        await store.alerts.upsertFromCandidate(
          { ...candidate(stored.listing.id), sourceId: 'other-site' },
          at(2),
        )
      ).alert;
      const c = await alertFor('g3', 'Vélo de course en bon état, taille 56, à Ixelles');
      expect(b.groupId).toBe(a.groupId);
      expect(b.duplicateOf).toBe(a.id);
      expect(c.groupId).not.toBe(a.groupId);
      const group = await store.groups.getByListing(a.listingId);
      expect(group?.listingIds.sort()).toEqual([a.listingId, b.listingId].sort());
      const heads = await store.alerts.list({ hideDuplicates: true }, { limit: 10 });
      expect(heads.items.map((x) => x.id).sort()).toEqual([a.id, c.id].sort());
    });

    it('links listings sharing a contact into one actor, through a changed handle', async () => {
      const a = await alertFor('a1', 'Premier texte du vendeur, cannabis dispo', [handle('greenbxl'), phone]);
      const b = await alertFor('a2', 'Deuxième annonce différente, hash et weed', [
        handle('greenbxl_new'),
        phone,
      ]);
      const c = await alertFor('a3', 'Troisième annonce, seulement le nouveau pseudo', [
        handle('greenbxl_new'),
      ]);
      const other = await alertFor('a4', 'Annonce sans rapport, autre vendeur', [handle('someoneelse')]);
      const actor = await store.actors.getByListing(a.listingId);
      expect(actor?.listingIds.sort()).toEqual([a.listingId, b.listingId, c.listingId].sort());
      expect(actor?.contacts.map((x) => `${x.type}:${x.normalized}`).sort()).toEqual([
        'phone:+32470123456',
        'telegram:greenbxl',
        'telegram:greenbxl_new',
      ]);
      expect((await store.actors.getByListing(other.listingId))?.id).not.toBe(actor?.id);
      expect(await store.actors.link('lonely', [], at(0))).toBeNull();
    });

    it('merges two actors when a listing reveals they share contacts', async () => {
      const a = await alertFor('m1', 'Vendeur un, texte un', [handle('one')]);
      const b = await alertFor('m2', 'Vendeur deux, texte deux', [phone]);
      expect((await store.actors.getByListing(a.listingId))?.id).not.toBe(
        (await store.actors.getByListing(b.listingId))?.id,
      );
      const bridge = await alertFor('m3', 'Les deux contacts ensemble', [handle('one'), phone]);
      const actor = await store.actors.getByListing(bridge.listingId);
      expect(actor?.listingIds.sort()).toEqual([a.listingId, b.listingId, bridge.listingId].sort());
      expect((await store.actors.list({ limit: 10 })).items).toHaveLength(1);
    });

    it('filters by substance, commune, score range, assignee, tag, text and date', async () => {
      const a = await alertFor('f1', 'Cocaïne pure livrée à Schaerbeek', [], 0.9);
      const b = await alertFor('f2', 'Herbe locale bio disponible', [], 0.6);
      await store.alerts.update(
        b.id,
        b.version,
        { assignee: 'u9', tags: ['urgent'] },
        { userId: 'u9', now: at(3) },
      );
      const ids = async (filter: Parameters<Store['alerts']['list']>[0]) =>
        (await store.alerts.list(filter, { limit: 10 })).items.map((x) => x.id);
      expect(await ids({ minScore: 0.8 })).toEqual([a.id]);
      expect(await ids({ maxScore: 0.7 })).toEqual([b.id]);
      expect(await ids({ assignee: 'u9' })).toEqual([b.id]);
      expect(await ids({ assignee: null })).toEqual([a.id]);
      expect(await ids({ tag: 'urgent' })).toEqual([b.id]);
      expect(await ids({ query: 'cocaine' })).toEqual([a.id]);
      expect(await ids({ query: '"); DROP TABLE alerts; --' })).toEqual([]);
      expect((await ids({ substance: 'cannabis', commune: 'anderlecht' })).sort()).toEqual(
        [a.id, b.id].sort(),
      );
      expect(await ids({ createdFrom: at(2).toISOString() })).toEqual([]);
      expect(await store.alerts.countByStatus({})).toEqual({ new: 2 });
    });

    it('lists by priority with a cursor of its own, and refuses a cursor of the other order', async () => {
      const made: Alert[] = [];
      for (let i = 0; i < 5; i++) {
        const stored = await store.listings.upsert(
          scraped({ externalId: `p${i}`, text: `Texte ${i} ${'qz'.repeat(i + 1)} ${i * 13}` }),
          at(0),
        );
        made.push(
          (
            await store.alerts.upsertFromCandidate(
              { ...candidate(stored.listing.id), priority: [40, 90, 40, 10, 70][i]! },
              at(i),
            )
          ).alert,
        );
      }
      const seen: Alert[] = [];
      let cursor: string | null = null;
      do {
        const page = await store.alerts.list({}, { limit: 2, cursor, sort: 'priority' });
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen.map((a) => a.priority)).toEqual([90, 70, 40, 40, 10]);
      // Equal priorities: newest first.
      expect(seen[2]!.id).toBe(made[2]!.id);
      const newest = await store.alerts.list({}, { limit: 2 });
      const mixed = await store.alerts
        .list({}, { limit: 2, cursor: newest.nextCursor, sort: 'priority' })
        .catch((e: unknown) => e);
      expect(isAppError(mixed, 'validation')).toBe(true);
    });

    it('lists verdicts with listing text: confirmed keep labels, dismissed are negatives', async () => {
      const a = await alertFor('v1', 'Texte confirmé de beuh');
      const b = await alertFor('v2', 'Texte rejeté de tomates');
      await alertFor('v3', 'Texte pas encore trié');
      await store.alerts.update(a.id, a.version, { status: 'confirmed' }, { userId: 'u1', now: at(5) });
      await store.alerts.update(
        b.id,
        b.version,
        { status: 'dismissed', dismissReason: 'not_drug_signal' },
        { userId: 'u1', now: at(6) },
      );
      const verdicts = await store.alerts.verdicts();
      expect(verdicts.map((v) => [v.text, v.verdict, v.labels, v.dismissReason]).sort()).toEqual([
        ['Texte confirmé de beuh', 'confirmed', ['market'], null],
        ['Texte rejeté de tomates', 'dismissed', [], 'not_drug_signal'],
      ]);
    });

    it('keeps users unique by name, sessions until deleted or expired, audit newest first, comments in order', async () => {
      const u = await store.users.create({ username: 'Alice', role: 'analyst', passwordHash: 'h' }, at(0));
      const dup = await store.users
        .create({ username: 'alice', role: 'admin', passwordHash: 'h' }, at(0))
        .catch((e: unknown) => e);
      expect(isAppError(dup, 'conflict')).toBe(true);
      expect((await store.users.getByUsername('ALICE'))?.id).toBe(u.id);
      expect(await store.users.update(u.id, { disabled: true })).toMatchObject({
        disabled: true,
        role: 'analyst',
      });
      expect(await store.users.count()).toBe(1);

      await store.sessions.create({
        tokenHash: 't1',
        userId: u.id,
        createdAt: at(0).toISOString(),
        expiresAt: at(60).toISOString(),
      });
      await store.sessions.create({
        tokenHash: 't2',
        userId: u.id,
        createdAt: at(0).toISOString(),
        expiresAt: at(10).toISOString(),
      });
      expect(await store.sessions.deleteExpired(at(30))).toBe(1);
      expect((await store.sessions.get('t1'))?.userId).toBe(u.id);
      await store.sessions.deleteByUser(u.id);
      expect(await store.sessions.get('t1')).toBeNull();

      for (let i = 0; i < 3; i++)
        await store.audit.record({
          userId: u.id,
          action: `a${i}`,
          target: 'alert:x',
          details: { i },
          at: at(i).toISOString(),
        });
      const page1 = await store.audit.list({ target: 'alert:x' }, { limit: 2 });
      expect(page1.items.map((e) => e.action)).toEqual(['a2', 'a1']);
      const page2 = await store.audit.list({ target: 'alert:x' }, { limit: 2, cursor: page1.nextCursor });
      expect(page2.items.map((e) => e.action)).toEqual(['a0']);

      const alert = await alertFor('c1', 'Annonce commentée');
      await store.comments.add(alert.id, u.id, 'premier', at(1));
      await store.comments.add(alert.id, u.id, 'second', at(2));
      expect((await store.comments.list(alert.id)).map((c) => c.body)).toEqual(['premier', 'second']);
    });
  });
};
