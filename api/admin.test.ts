import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedAlert, testSource, type TestAppHarness } from './test-support.ts';

let h: TestAppHarness;
beforeAll(async () => {
  h = await createTestApp();
});
afterAll(async () => h.close());

const body = async (res: Response) => (await res.json()) as Record<string, unknown>;

describe('sources, actors, users and audit over HTTP', () => {
  it('lists sources with health, runs one now (once at a time), pauses and resumes it, all audited', async () => {
    const list = await body(await h.request('GET', '/api/sources', { role: 'researcher' }));
    expect(list.items).toEqual([
      expect.objectContaining({ id: testSource.id, paused: false, health: 'unknown', lastRun: null }),
    ]);
    const run = await h.request('POST', `/api/sources/${testSource.id}/run`, { role: 'admin' });
    expect(run.status).toBe(202);
    expect(await run.json()).toEqual({ enqueued: true });
    // Nothing processes the inline queue in this test, so the job stays queued: a second ask is refused.
    expect(
      await (await h.request('POST', `/api/sources/${testSource.id}/run`, { role: 'admin' })).json(),
    ).toEqual({ enqueued: false });
    const paused = await body(
      await h.request('POST', `/api/sources/${testSource.id}/pause`, { role: 'admin' }),
    );
    expect(paused.paused).toBe(true);
    expect((await h.store.sourceStates.get(testSource.id))?.paused).toBe(true);
    expect(
      (await body(await h.request('POST', `/api/sources/${testSource.id}/resume`, { role: 'admin' }))).paused,
    ).toBe(false);
    expect((await h.request('POST', '/api/sources/unknown/run', { role: 'admin' })).status).toBe(404);

    const run1 = await h.store.runs.start(testSource.id, new Date());
    await h.store.runs.finish(run1.id, { status: 'failed', stats: run1.stats, error: 'timeout' }, new Date());
    const detail = await body(await h.request('GET', `/api/sources/${testSource.id}`, { role: 'analyst' }));
    expect(detail).toMatchObject({
      health: 'failing',
      runs: [expect.objectContaining({ id: run1.id, error: 'timeout' })],
    });
    for (let i = 0; i < 2; i += 1) {
      const again = await h.store.runs.start(testSource.id, new Date());
      await h.store.runs.finish(
        again.id,
        { status: 'failed', stats: again.stats, error: 'timeout' },
        new Date(),
      );
    }
    const sources = await body(await h.request('GET', '/api/sources', { role: 'analyst' }));
    expect(sources.items).toEqual([expect.objectContaining({ id: testSource.id, health: 'unhealthy' })]);

    const audit = await body(
      await h.request('GET', `/api/audit?target=source:${testSource.id}`, { role: 'admin' }),
    );
    expect((audit.items as { action: string }[]).map((e) => e.action)).toEqual([
      'source_resumed',
      'source_paused',
      'source_run_requested',
      'source_run_requested',
    ]);
  });

  it('lists actors most recent first, pseudonymised for researchers', async () => {
    await seedAlert(h.store, {
      externalId: 'actor-1',
      text: 'Texte propre à cet acteur numéro un',
      contacts: [{ type: 'snapchat', value: 'snap.seller', normalized: 'snap.seller' }],
    });
    const analyst = await body(await h.request('GET', '/api/actors', { role: 'analyst' }));
    const items = analyst.items as { id: string; contacts: { value: string }[] }[];
    expect(items[0]!.contacts[0]!.value).toBe('snap.seller');
    const researcher = await body(await h.request('GET', '/api/actors', { role: 'researcher' }));
    expect(JSON.stringify(researcher)).not.toContain('snap.seller');
    expect((researcher.items as { id: string }[])[0]!.id).toBe(items[0]!.id);
    expect((await h.request('GET', '/api/actors/unknown', { role: 'analyst' })).status).toBe(404);
    expect((await h.request('GET', '/api/actors', { role: 'liaison' })).status).toBe(403);
  });

  it('manages users: add, refuse duplicates and weak passwords, never show hashes', async () => {
    const added = await h.request('POST', '/api/users', {
      role: 'admin',
      json: { username: 'nadia', role: 'analyst', password: 'a long enough password' },
    });
    expect(added.status).toBe(201);
    const dup = await h.request('POST', '/api/users', {
      role: 'admin',
      json: { username: 'NADIA', role: 'liaison', password: 'another long password' },
    });
    expect(dup.status).toBe(409);
    const weak = await body(
      await h.request('POST', '/api/users', {
        role: 'admin',
        json: { username: 'x y', role: 'boss', password: 'short' },
      }),
    );
    expect(Object.keys((weak.error as { details: { fields: object } }).details.fields).sort()).toEqual([
      'password',
      'role',
      'username',
    ]);
    const list = await h.request('GET', '/api/users', { role: 'admin' });
    const text = await list.text();
    expect(text).toContain('nadia');
    expect(text).not.toMatch(/scrypt|passwordHash/);
    const self = await h.request('PATCH', `/api/users/${h.users.admin}`, {
      role: 'admin',
      json: { disabled: true },
    });
    expect(self.status).toBe(409);
  });
});
