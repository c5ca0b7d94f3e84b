import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../types.ts';
import { at, type StoreContract } from './fixtures.ts';

/** Source states: pausing and resuming sources. */
export const sourceStatesContract: StoreContract = (name, open) => {
  describe(`${name}: source states`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('pauses and resumes a source, one state per source', async () => {
      expect(await store.sourceStates.get('s')).toBeNull();
      expect(await store.sourceStates.list()).toEqual([]);
      const paused = await store.sourceStates.setPaused('s', true, at(1));
      expect(paused).toEqual({ sourceId: 's', paused: true, updatedAt: at(1).toISOString() });
      expect(await store.sourceStates.get('s')).toEqual(paused);
      const resumed = await store.sourceStates.setPaused('s', false, at(2));
      expect(resumed).toEqual({ sourceId: 's', paused: false, updatedAt: at(2).toISOString() });
      await store.sourceStates.setPaused('a', true, at(3));
      expect(await store.sourceStates.list()).toEqual([
        { sourceId: 'a', paused: true, updatedAt: at(3).toISOString() },
        resumed,
      ]);
    });
  });
};
