import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../domain/errors.ts';
import { MAX_EDIT_CHARS } from './catalog.ts';
import { SITE_NAMES, startDemoSites, type DemoSites } from './index.ts';
import { corpusById, get } from './test-support.ts';

let sites: DemoSites;
const corpus = corpusById();

beforeAll(async () => {
  sites = await startDemoSites();
});
afterAll(async () => {
  await sites.close();
});

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

describe('startDemoSites', () => {
  it('serves every corpus item on exactly one site, at its located URL', async () => {
    const all = SITE_NAMES.flatMap((s) => sites.items[s]);
    expect(all).toHaveLength(corpus.size);
    expect(new Set(all).size).toBe(corpus.size);
    for (const site of SITE_NAMES) {
      expect(sites.urls[site]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const sample = sites.items[site][0]!;
      const located = sites.locate(sample);
      expect(located.site).toBe(site);
      expect(located.url.startsWith(sites.urls[site])).toBe(true);
      expect((await get(located.url.replace(/#.*/, ''))).status).toBe(200);
    }
    expect(new Set(SITE_NAMES.map((s) => sites.urls[s])).size).toBe(SITE_NAMES.length);
  });

  it('keeps items of every label and hard negatives on the plain-HTTP sites', () => {
    const http = ['classifieds', 'telegram', 'forum', 'feed'] as const;
    const ids = http.flatMap((s) => sites.items[s]).map((id) => corpus.get(id)!);
    expect(ids.filter((i) => i.labels.includes('market')).length).toBeGreaterThan(50);
    expect(ids.filter((i) => i.labels.includes('production')).length).toBeGreaterThan(50);
    expect(ids.filter((i) => i.labels.length === 2).length).toBeGreaterThan(5);
    expect(ids.filter((i) => i.hard_negative).length).toBeGreaterThan(50);
    for (const site of http) {
      expect(
        sites.items[site].some((id) => corpus.get(id)!.hard_negative || corpus.get(id)!.labels.length === 0),
      ).toBe(true);
    }
  });

  it('refuses unknown ids and bad edits with clear errors, and loses nothing', async () => {
    const unknown = errorOf(() => sites.hide('nope-1'));
    expect(isAppError(unknown, 'not_found')).toBe(true);
    expect((unknown as Error).message).toContain('nope-1');
    expect(
      isAppError(
        errorOf(() => sites.locate('nope-2')),
        'not_found',
      ),
    ).toBe(true);
    const id = sites.items.classifieds[0]!;
    const long = errorOf(() => sites.edit(id, 'x'.repeat(MAX_EDIT_CHARS + 1)));
    expect(isAppError(long, 'validation')).toBe(true);
    expect((long as Error).message).toMatch(/at most 20000/);
    const field = errorOf(() => sites.edit(id, { price: '1' } as never));
    expect((field as Error).message).toContain('"price"');
    expect(
      isAppError(
        errorOf(() => sites.edit(id, { text: 42 } as never)),
        'validation',
      ),
    ).toBe(true);
    const page = await get(sites.locate(id).url);
    expect(page.text).toContain(corpus.get(id)!.text.slice(0, 20).replace(/&/g, '&amp;'));
  });

  it('reset undoes hides and edits', async () => {
    const id = sites.items.forum[1]!;
    const url = sites.locate(id).url.replace(/#.*/, '');
    const before = (await get(url)).text;
    sites.edit(id, { title: 'Autre titre' });
    sites.hide(sites.items.forum[2]!);
    expect((await get(url)).text).toContain('Autre titre');
    sites.reset();
    expect((await get(url)).text).toBe(before);
    expect((await get(sites.locate(sites.items.forum[2]!).url.replace(/#.*/, ''))).status).toBe(200);
  });

  it('dates and ids stay the same across restarts (no new versions after a restart)', async () => {
    const again = await startDemoSites();
    try {
      for (const site of SITE_NAMES) {
        const id = sites.items[site][5]!;
        expect(again.locate(id).externalId.replace(again.urls[site], '')).toBe(
          sites.locate(id).externalId.replace(sites.urls[site], ''),
        );
      }
      const id = sites.items.classifieds[7]!;
      const [a, b] = await Promise.all([get(sites.locate(id).url), get(again.locate(id).url)]);
      expect(b.headers.get('last-modified')).toBe(a.headers.get('last-modified'));
    } finally {
      await again.close();
    }
  });

  it('a port already taken stops start-up with a clear error and leaves nothing running', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as { port: number }).port;
    try {
      const err = await startDemoSites({ ports: { forum: taken } }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isAppError(err, 'unavailable')).toBe(true);
      expect((err as Error).message).toContain(`forum on 127.0.0.1:${taken}`);
      await expect(startDemoSites({ port: 70000 })).rejects.toThrow(/integer 0–65535/);
    } finally {
      blocker.close();
    }
  });
});
