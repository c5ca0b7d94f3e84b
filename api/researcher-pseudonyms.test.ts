import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contact } from '../domain/index.ts';
import { createTestApp, seedAlert, type TestAppHarness } from './test-support.ts';

let h: TestAppHarness;
beforeAll(async () => {
  h = await createTestApp();
});
afterAll(async () => h.close());

type Json = Record<string, unknown>;
interface HistoryEntry {
  actorUserId: string | null;
  field: string;
  from: unknown;
  to: unknown;
  note: string | null;
}
const get = async (path: string, role: 'analyst' | 'researcher') => {
  const res = await h.request('GET', path, { role });
  expect(res.status).toBe(200);
  return (await res.json()) as Json;
};
const phone: Contact = { type: 'phone', value: '0488 99 88 77', normalized: '+32488998877' };

describe('researchers see people as pseudonyms', () => {
  it('in the alert detail (assignee, history, comments), the queue and the actor timeline; analysts see ids', async () => {
    const { alert } = await seedAlert(h.store, {
      externalId: 'pseudo-1',
      text: 'Annonce pseudo unique quarante deux vendeur',
      contacts: [phone],
    });
    const { analyst, admin } = h.users;
    const patch = async (json: Json) => {
      const res = await h.request('PATCH', `/api/alerts/${alert.id}`, { role: 'analyst', json });
      expect(res.status).toBe(200);
    };
    await patch({ version: 1, assignee: analyst, status: 'in_review', note: 'je prends, voir avec admin' });
    await patch({ version: 2, assignee: admin });
    const comment = await h.request('POST', `/api/alerts/${alert.id}/comments`, {
      role: 'admin',
      json: { body: 'demandé à analyst de rappeler' },
    });
    expect(comment.status).toBe(201);

    const seen = await get(`/api/alerts/${alert.id}`, 'researcher');
    const text = JSON.stringify(seen);
    for (const id of Object.values(h.users)) expect(text).not.toContain(id);
    expect(text).not.toContain('voir avec admin');
    expect(text).not.toContain('demandé à analyst');

    const view = seen.alert as { assignee: string };
    expect(view.assignee).toMatch(/^user-[\w-]{10}$/);
    const history = seen.history as HistoryEntry[];
    const byPeople = history.filter((e) => e.actorUserId !== null);
    expect(byPeople.length).toBeGreaterThanOrEqual(4);
    // Stable and distinct: the analyst is one pseudonym everywhere, the admin another.
    const assignments = history.filter((e) => e.field === 'assignee');
    expect(assignments.map((e) => [e.from, e.to])).toEqual([
      [null, assignments[0]!.to],
      [assignments[0]!.to, view.assignee],
    ]);
    const analystAlias = assignments[0]!.to as string;
    expect(analystAlias).toMatch(/^user-/);
    expect(analystAlias).not.toBe(view.assignee);
    expect(assignments.every((e) => e.actorUserId === analystAlias)).toBe(true);
    expect(history.find((e) => e.field === 'comment')!.actorUserId).toBe(view.assignee);
    expect(byPeople.every((e) => e.note === null)).toBe(true);
    expect(seen.comments).toEqual([]);

    // The queue and the actor's timeline use the same pseudonym.
    const queue = await get('/api/alerts?limit=200&duplicates=show', 'researcher');
    const listed = (queue.items as { id: string; assignee: string | null }[]).find((a) => a.id === alert.id)!;
    expect(listed.assignee).toBe(view.assignee);
    const actorId = (seen.actor as { id: string }).id;
    const actor = JSON.stringify(await get(`/api/actors/${actorId}`, 'researcher'));
    expect(actor).toContain(view.assignee);
    for (const id of Object.values(h.users)) expect(actor).not.toContain(id);

    // Analysts keep ids, notes and comments.
    const analystView = await get(`/api/alerts/${alert.id}`, 'analyst');
    expect((analystView.alert as { assignee: string }).assignee).toBe(admin);
    const analystHistory = analystView.history as HistoryEntry[];
    expect(analystHistory.filter((e) => e.field === 'assignee').map((e) => e.to)).toEqual([analyst, admin]);
    expect(analystHistory.some((e) => e.note === 'je prends, voir avec admin')).toBe(true);
    expect(analystView.comments).toHaveLength(1);

    // The dashboard page shows the researcher the same pseudonyms, no ids.
    const page = await h.app.request(`/alerts/${alert.id}`, {
      headers: { cookie: await h.cookie('researcher'), 'accept-language': 'en' },
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const id of Object.values(h.users)) expect(html).not.toContain(id);
    expect(html).toContain(analystAlias);
  });
});
