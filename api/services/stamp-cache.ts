/** A bounded cache whose entries hold while the store's change stamp stays the same. */
export interface StampCache<T> {
  get(key: string, stamp: string | null): T | undefined;
  set(key: string, stamp: string | null, value: T): void;
  delete(key: string): void;
}

/**
 * Least-recently-set eviction past `size` entries. A null stamp (an adapter that cannot tell when
 * it changed) neither reads nor writes the cache, so nothing stale is ever served.
 */
export function createStampCache<T>(size: number): StampCache<T> {
  const entries = new Map<string, { stamp: string; value: T }>();
  return {
    get(key, stamp) {
      const entry = entries.get(key);
      return entry && stamp !== null && entry.stamp === stamp ? entry.value : undefined;
    },
    set(key, stamp, value) {
      if (stamp === null) return;
      entries.delete(key);
      entries.set(key, { stamp, value });
      if (entries.size > size) entries.delete(entries.keys().next().value!);
    },
    delete(key) {
      entries.delete(key);
    },
  };
}
