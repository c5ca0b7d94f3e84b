import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultSite, type FaultSite } from './faults.ts';

let site: FaultSite;
const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${site.url}${path}`, { headers, redirect: 'manual' });

beforeAll(async () => {
  site = await startFaultSite({ items: 3, perPage: 2 });
});
afterAll(() => site.close());

describe('startFaultSite', () => {
  it('serves a paginated catalog with the tricky links a crawler must handle', async () => {
    const page1 = await (await get('/catalog')).text();
    expect(page1).toContain('href="/item/1"');
    expect(page1).toContain('href="/item/1#photos"');
    expect(page1).toContain('href="/private/hidden-ad"');
    expect(page1).toContain('href="/catalog?page=2"');
    const page2 = await (await get('/catalog?page=2')).text();
    expect(page2).toContain('href="/item/3"');
    expect(page2).not.toContain('rel="next"');
    expect(await (await get('/robots.txt')).text()).toMatch(/Disallow: \/private\//);
  });

  it('answers 304 to matching ETag or Last-Modified, and 200 once the item changed', async () => {
    const first = await get('/item/2');
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    expect((await get('/item/2', { 'if-none-match': etag })).status).toBe(304);
    expect((await get('/item/2', { 'if-modified-since': lastModified })).status).toBe(304);
    site.updateItem('2', { title: 'Changed' });
    const changed = await get('/item/2', { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toContain('Changed');
  });

  it('fails N times then succeeds, rate-limits with Retry-After, and loops redirects', async () => {
    expect((await get('/flaky/k?fails=2')).status).toBe(500);
    expect((await get('/flaky/k?fails=2')).status).toBe(500);
    expect((await get('/flaky/k?fails=2')).status).toBe(200);
    const limited = await get('/ratelimit/k?times=1&retryAfter=3');
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '3']);
    expect((await get('/ratelimit/k?times=1&retryAfter=3')).status).toBe(200);
    expect((await get('/loop/a')).headers.get('location')).toBe('/loop/b');
    expect((await get('/loop/b')).headers.get('location')).toBe('/loop/a');
    expect(site.hits('/flaky/k')).toBe(3);
  });

  it('serves windows-1252 bytes, a huge body and a gone item', async () => {
    const bytes = Buffer.from(await (await get('/cp1252/x')).arrayBuffer());
    expect(bytes.includes(0x80)).toBe(true); // € in windows-1252
    expect(bytes.includes(Buffer.from('€'))).toBe(false);
    const huge = await get('/huge?mb=3');
    expect((await huge.arrayBuffer()).byteLength).toBe(3 * 1024 * 1024);
    site.removeItem('3');
    expect((await get('/item/3')).status).toBe(404);
    expect(await (await get('/catalog?page=2')).text()).not.toContain('/item/3');
    expect((await get('/gone/x')).status).toBe(410);
  });
});
