import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contact } from '../domain/index.ts';
import { createTestApp, seedAlert, type TestAppHarness } from './test-support.ts';

let h: TestAppHarness;
beforeAll(async () => {
  h = await createTestApp();
});
afterAll(async () => h.close());

type Json = Record<string, unknown> & {
  error?: { code: string; details?: { current?: { status: string; version: number } } };
};
const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as Json });
const phone: Contact = { type: 'phone', value: '0470 12 34 56', normalized: '+32470123456' };

let counter = 0;
/** A fresh alert with text of its own (so it is nobody's repost). */
async function freshAlert(contacts: Contact[] = []) {
  counter++;
  const words = Array.from({ length: 12 }, (_, i) => `mot${counter}x${i}`).join(' ');
  return (await seedAlert(h.store, { externalId: `wf-${counter}`, text: `Annonce ${words}`, contacts }))
    .alert;
}

describe('alert workflow over HTTP', () => {
  it('walks new → in_review → confirmed → escalated → acknowledged with history and audit', async () => {
    const alert = await freshAlert();
    let r = await json(
      await h.request('PATCH', `/api/alerts/${alert.id}`, {
        role: 'analyst',
        json: { version: 1, status: 'in_review', assignee: h.users.analyst, tags: ['urgent'] },
      }),
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      status: 'in_review',
      assignee: h.users.analyst,
      tags: ['urgent'],
      version: 2,
    });
    r = await json(
      await h.request('PATCH', `/api/alerts/${alert.id}`, {
        role: 'analyst',
        json: { version: 2, status: 'confirmed' },
      }),
    );
    expect(r.body).toMatchObject({ status: 'confirmed', version: 3 });
    r = await json(
      await h.request('POST', `/api/alerts/${alert.id}/escalate`, {
        role: 'analyst',
        json: { version: 3, note: 'vente active' },
      }),
    );
    expect(r.body).toMatchObject({ status: 'escalated', version: 4 });

    // Liaison sees it now, acknowledges it.
    const inbox = await json(await h.request('GET', '/api/alerts', { role: 'liaison' }));
    expect((inbox.body.items as { id: string }[]).map((a) => a.id)).toEqual([alert.id]);
    r = await json(
      await h.request('POST', `/api/alerts/${alert.id}/acknowledge`, {
        role: 'liaison',
        json: { version: 4 },
      }),
    );
    expect(r.body).toMatchObject({ status: 'acknowledged', version: 5 });

    const detail = await json(await h.request('GET', `/api/alerts/${alert.id}`, { role: 'analyst' }));
    const history = detail.body.history as {
      field: string;
      from: unknown;
      to: unknown;
      actorUserId: string;
      at: string;
    }[];
    expect(history.filter((e) => e.field === 'status').map((e) => [e.from, e.to, e.actorUserId])).toEqual([
      ['new', 'in_review', h.users.analyst],
      ['in_review', 'confirmed', h.users.analyst],
      ['confirmed', 'escalated', h.users.analyst],
      ['escalated', 'acknowledged', h.users.liaison],
    ]);
    expect(history.every((e) => !Number.isNaN(Date.parse(e.at)))).toBe(true);
    const audit = await h.store.audit.list({ target: `alert:${alert.id}` }, { limit: 10 });
    expect(audit.items.map((e) => e.action)).toEqual(['alert_acknowledged', 'alert_escalated']);
  });

  it('refuses transitions the workflow does not allow (409) and dismissing without a reason (400)', async () => {
    const alert = await freshAlert();
    const escalateNew = await json(
      await h.request('POST', `/api/alerts/${alert.id}/escalate`, { role: 'analyst', json: { version: 1 } }),
    );
    expect(escalateNew.status).toBe(409);
    expect(escalateNew.body.error?.details?.current?.status).toBe('new');
    const patchEscalated = await h.request('PATCH', `/api/alerts/${alert.id}`, {
      role: 'analyst',
      json: { version: 1, status: 'escalated' },
    });
    expect(patchEscalated.status).toBe(400);
    const noReason = await json(
      await h.request('PATCH', `/api/alerts/${alert.id}`, {
        role: 'analyst',
        json: { version: 1, status: 'dismissed' },
      }),
    );
    expect(noReason.status).toBe(400);
    expect(noReason.body.error?.details).toMatchObject({ fields: { dismissReason: expect.any(Array) } });
    const badReason = await h.request('PATCH', `/api/alerts/${alert.id}`, {
      role: 'analyst',
      json: { version: 1, status: 'dismissed', dismissReason: 'boring' },
    });
    expect(badReason.status).toBe(400);
    const ok = await json(
      await h.request('PATCH', `/api/alerts/${alert.id}`, {
        role: 'analyst',
        json: { version: 1, status: 'dismissed', dismissReason: 'legal_product' },
      }),
    );
    expect(ok.body).toMatchObject({ status: 'dismissed', dismissReason: 'legal_product' });
    const ackDismissed = await h.request('POST', `/api/alerts/${alert.id}/acknowledge`, {
      role: 'admin',
      json: { version: 2 },
    });
    expect(ackDismissed.status).toBe(409);
    const reasons = await json(await h.request('GET', '/api/alerts/dismiss-reasons', { role: 'analyst' }));
    expect(reasons.body.reasons).toEqual([
      'legal_product',
      'not_brussels',
      'duplicate',
      'not_drug_signal',
      'other',
    ]);
  });

  it('answers 409 with the current state to a stale version, and changes nothing', async () => {
    const alert = await freshAlert();
    await h.request('PATCH', `/api/alerts/${alert.id}`, {
      role: 'analyst',
      json: { version: 1, status: 'in_review' },
    });
    const stale = await json(
      await h.request('PATCH', `/api/alerts/${alert.id}`, {
        role: 'admin',
        json: { version: 1, tags: ['late'] },
      }),
    );
    expect(stale.status).toBe(409);
    expect(stale.body.error?.details?.current).toMatchObject({ status: 'in_review', version: 2 });
    expect((await h.store.alerts.get(alert.id))?.tags).toEqual([]);
  });

  it('404 on unknown ids, 400 on bad ids and bodies; liaison cannot see unescalated alerts', async () => {
    expect((await h.request('GET', '/api/alerts/no-such-alert', { role: 'analyst' })).status).toBe(404);
    expect(
      (
        await h.request('PATCH', '/api/alerts/no-such-alert', {
          role: 'analyst',
          json: { version: 1, status: 'in_review' },
        })
      ).status,
    ).toBe(404);
    expect((await h.request('GET', `/api/alerts/${'x'.repeat(100)}`, { role: 'analyst' })).status).toBe(400);
    expect(
      (await h.request('PATCH', '/api/alerts/x', { role: 'analyst', json: { version: 'one' } })).status,
    ).toBe(400);
    const alert = await freshAlert();
    expect((await h.request('GET', `/api/alerts/${alert.id}`, { role: 'liaison' })).status).toBe(404);
    const unknownAssignee = await h.request('PATCH', `/api/alerts/${alert.id}`, {
      role: 'analyst',
      json: { version: 1, assignee: 'ghost' },
    });
    expect(unknownAssignee.status).toBe(400);
  });

  it('applies bulk actions item by item: stale ones fail alone', async () => {
    const a = await freshAlert();
    const b = await freshAlert();
    const res = await json(
      await h.request('POST', '/api/alerts/bulk', {
        role: 'analyst',
        json: {
          items: [
            { id: a.id, version: 1 },
            { id: b.id, version: 7 },
            { id: 'missing', version: 1 },
          ],
          status: 'in_review',
          addTags: ['lot-1'],
        },
      }),
    );
    expect(res.status).toBe(200);
    const results = res.body.results as {
      id: string;
      ok: boolean;
      alert?: { status: string; tags: string[] };
      error?: { code: string };
    }[];
    expect(results.map((r) => [r.id, r.ok, r.error?.code])).toEqual([
      [a.id, true, undefined],
      [b.id, false, 'conflict'],
      ['missing', false, 'not_found'],
    ]);
    expect(results[0]!.alert).toMatchObject({ status: 'in_review', tags: ['lot-1'] });
    expect((await h.store.alerts.get(b.id))?.status).toBe('new');
  });

  it('adds comments that show on the detail, with the history entry', async () => {
    const alert = await freshAlert();
    const created = await json(
      await h.request('POST', `/api/alerts/${alert.id}/comments`, {
        role: 'analyst',
        json: { body: 'Vu aussi sur un autre site' },
      }),
    );
    expect(created.status).toBe(201);
    expect(
      (
        await h.request('POST', `/api/alerts/${alert.id}/comments`, {
          role: 'analyst',
          json: { body: '   ' },
        })
      ).status,
    ).toBe(400);
    const detail = await json(await h.request('GET', `/api/alerts/${alert.id}`, { role: 'analyst' }));
    expect(
      (detail.body.comments as { body: string; userId: string }[]).map((c) => [c.body, c.userId]),
    ).toEqual([['Vu aussi sur un autre site', h.users.analyst]]);
    const history = detail.body.history as { field: string; actorUserId: string }[];
    expect(history.filter((e) => e.field === 'comment').map((e) => e.actorUserId)).toEqual([h.users.analyst]);
  });

  it('never duplicates an alert when the same listing is crawled again', async () => {
    const first = await seedAlert(h.store, {
      externalId: 'recrawl-1',
      text: 'Annonce recrawlée texte stable unique zq',
    });
    const again = await seedAlert(h.store, {
      externalId: 'recrawl-1',
      text: 'Annonce recrawlée texte stable unique zq',
    });
    expect(again.alert.id).toBe(first.alert.id);
    expect(again.outcome).toBe('unchanged');
    const edited = await seedAlert(h.store, {
      externalId: 'recrawl-1',
      text: 'Annonce recrawlée texte modifié unique zq',
    });
    expect(edited.alert.id).toBe(first.alert.id);
    expect(edited.outcome).toBe('updated');
    const listed = await json(
      await h.request('GET', '/api/alerts?q=recrawlée&duplicates=show', { role: 'analyst' }),
    );
    expect((listed.body.items as unknown[]).length).toBe(1);
  });

  it('shows reposts once, with their copies on the detail', async () => {
    const text =
      'Skunk et amnesia haze, livraison Saint-Gilles et Forest, 10 euros le gramme, commande sur Telegram';
    const a = (await seedAlert(h.store, { externalId: 'repost-a', text })).alert;
    const b = (
      await seedAlert(h.store, {
        externalId: 'repost-b',
        sourceId: 'other-site',
        text: text.replace('10 euros', '9 euros'),
      })
    ).alert;
    const queue = await json(await h.request('GET', '/api/alerts?q=amnesia', { role: 'analyst' }));
    expect((queue.body.items as { id: string }[]).map((x) => x.id)).toEqual([a.id]);
    const all = await json(
      await h.request('GET', '/api/alerts?q=amnesia&duplicates=show', { role: 'analyst' }),
    );
    expect((all.body.items as unknown[]).length).toBe(2);
    const detail = await json(await h.request('GET', `/api/alerts/${a.id}`, { role: 'analyst' }));
    const copies = (detail.body.group as { copies: { alertId: string; sourceId: string }[] }).copies;
    expect(copies.map((c) => c.alertId).sort()).toEqual([a.id, b.id].sort());
  });

  it('links an actor through a changed handle and explains priority with its history', async () => {
    const first = await freshAlert([
      { type: 'telegram', value: '@old_handle', normalized: 'old_handle' },
      phone,
    ]);
    const second = await freshAlert([
      { type: 'telegram', value: '@new_handle', normalized: 'new_handle' },
      phone,
    ]);
    const detail = await json(await h.request('GET', `/api/alerts/${second.id}`, { role: 'analyst' }));
    const actor = detail.body.actor as { id: string; listings: { alertId: string }[] };
    expect(actor.listings.map((l) => l.alertId).sort()).toEqual([first.id, second.id].sort());
    const priority = detail.body.priority as { factors: { factor: string }[] };
    expect(priority.factors.map((f) => f.factor)).toContain('actor_history');
    const page = await json(await h.request('GET', `/api/actors/${actor.id}`, { role: 'analyst' }));
    const timeline = page.body.timeline as { alert: Record<string, unknown> | null }[];
    expect(timeline.length).toBe(2);
    // The timeline lists alert summaries: the explanation is the detail's alone.
    expect(timeline.every((l) => l.alert !== null && !('explanation' in l.alert))).toBe(true);
  });

  it('gives researchers pseudonyms: no contacts, no URL, no evidence, stable across requests', async () => {
    const alert = await freshAlert([phone]);
    const noted = await h.request('PATCH', `/api/alerts/${alert.id}`, {
      role: 'analyst',
      json: { version: 1, status: 'in_review', note: 'appelé le 0470 12 34 56' },
    });
    expect(noted.status).toBe(200);
    const one = await json(await h.request('GET', `/api/alerts/${alert.id}`, { role: 'researcher' }));
    const two = await json(await h.request('GET', `/api/alerts/${alert.id}`, { role: 'researcher' }));
    const shown = JSON.stringify(one.body);
    expect(shown).not.toContain('+32470123456');
    expect(shown).not.toContain('0470 12 34 56');
    expect(shown).not.toContain('127.0.0.1:9/ad');
    expect((one.body.alert as { url: string | null }).url).toBeNull();
    const contacts = (one.body.alert as { contacts: { value: string }[] }).contacts;
    expect(contacts[0]!.value).toMatch(/^phone-[\w-]{10}$/);
    expect((two.body.alert as { contacts: { value: string }[] }).contacts[0]!.value).toBe(contacts[0]!.value);
    expect((await h.request('GET', `/api/alerts/${alert.id}/evidence`, { role: 'researcher' })).status).toBe(
      403,
    );
  });

  it('serves raw evidence as a JSON string and audits every view', async () => {
    const { createFsEvidenceStore } = await import('../crawlers/evidence-store.ts');
    const raw = '<html><script>alert(1)</script><p>brut</p></html>';
    const sha = await createFsEvidenceStore(`${h.dir}/evidence`).put(new TextEncoder().encode(raw), 'html');
    const { alert } = await seedAlert(h.store, {
      externalId: 'evidence-1',
      text: 'Annonce avec sa preuve brute',
      evidenceSha256: sha,
    });
    const res = await json(await h.request('GET', `/api/alerts/${alert.id}/evidence`, { role: 'analyst' }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ sha256: sha, html: raw });
    const audit = await h.store.audit.list(
      { action: 'evidence_viewed', target: `alert:${alert.id}` },
      { limit: 10 },
    );
    expect(audit.items.map((e) => [e.userId, e.details.sha256])).toEqual([[h.users.analyst, sha]]);
    expect(
      (await h.request('GET', `/api/alerts/${alert.id}/evidence?version=9`, { role: 'analyst' })).status,
    ).toBe(404);
    expect((await h.request('GET', `/api/alerts/${alert.id}/screenshot`, { role: 'analyst' })).status).toBe(
      404,
    );
    expect(
      (await h.store.audit.list({ action: 'evidence_viewed', target: `alert:${alert.id}` }, { limit: 10 }))
        .items,
    ).toHaveLength(1);
  });

  it('never serves a stale queue page: writes here show at once, another process’s on the next request', async () => {
    const alert = await freshAlert();
    const statusOf = async () => {
      const page = await json(
        await h.request('GET', '/api/alerts?limit=200&duplicates=show', { role: 'analyst' }),
      );
      return (page.body.items as { id: string; status: string }[]).find((a) => a.id === alert.id)?.status;
    };
    expect(await statusOf()).toBe('new');
    expect(await statusOf()).toBe('new');
    await h.store.alerts.update(alert.id, 1, { status: 'in_review' }, { userId: null, now: new Date() });
    expect(await statusOf()).toBe('in_review');
    const { openSqliteStore } = await import('../store/sqlite/index.ts');
    const other = await openSqliteStore(`${h.dir}/vigie.db`);
    try {
      await other.alerts.update(alert.id, 2, { status: 'confirmed' }, { userId: null, now: new Date() });
    } finally {
      await other.close();
    }
    // Another process's commit shows from the next event-loop turn: every HTTP request starts on one.
    await new Promise((resolve) => setImmediate(resolve));
    expect(await statusOf()).toBe('confirmed');
  });

  it('exposes verdicts for retraining to analysts', async () => {
    const res = await json(await h.request('GET', '/api/verdicts', { role: 'analyst' }));
    const items = res.body.items as { verdict: string; text: string }[];
    expect(items.some((v) => v.verdict === 'confirmed')).toBe(true);
    expect(items.some((v) => v.verdict === 'dismissed')).toBe(true);
    expect(items.every((v) => v.text.length > 0)).toBe(true);
  });
});
