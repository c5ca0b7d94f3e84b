/**
 * A bounded memo for strings a client sends again and again (a Cookie or Accept-Encoding header,
 * a query string): what is worked out from one is kept for the next request.
 */
export interface StringMemo<V> {
  /** The value for `key`, from `compute` the first time (a throw is not remembered). */
  get(key: string, compute: (key: string) => V): V;
  /** The value remembered for `key`, if any. */
  peek(key: string): V | undefined;
}

/**
 * At most `size` entries, the oldest dropped first; keys longer than `maxKeyLength` are computed
 * every time, so a hostile client cannot fill the memory with huge keys.
 */
export function createStringMemo<V>(size: number, maxKeyLength: number): StringMemo<V> {
  const entries = new Map<string, V>();
  return {
    get(key, compute) {
      const known = entries.get(key);
      if (known !== undefined || entries.has(key)) return known as V;
      const value = compute(key);
      if (key.length <= maxKeyLength) {
        if (entries.size >= size) entries.delete(entries.keys().next().value!);
        entries.set(key, value);
      }
      return value;
    },
    peek: (key) => entries.get(key),
  };
}
