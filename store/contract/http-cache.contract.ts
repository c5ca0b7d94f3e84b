import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../types.ts';
import { at, type StoreContract } from './fixtures.ts';

/** HTTP cache: conditional-GET validators per URL. */
export const httpCacheContract: StoreContract = (name, open) => {
  describe(`${name}: http cache`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('stores, replaces and returns validators per URL', async () => {
      const url = 'http://127.0.0.1:9999/ads?page=2&sort=new';
      expect(await store.httpCache.get(url)).toBeNull();
      await store.httpCache.set(url, { etag: '"v1"', lastModified: null }, at(0));
      expect(await store.httpCache.get(url)).toEqual({ etag: '"v1"', lastModified: null });
      const lastModified = 'Wed, 14 Jan 2026 10:00:00 GMT';
      await store.httpCache.set(url, { etag: null, lastModified }, at(1));
      expect(await store.httpCache.get(url)).toEqual({ etag: null, lastModified });
      expect(await store.httpCache.get('http://127.0.0.1:9999/ads?page=3&sort=new')).toBeNull();
    });
  });
};
