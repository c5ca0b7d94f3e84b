/** How failed logins are counted (config `login`). */
export interface LoginLimits {
  maxFailuresPerUser: number;
  maxFailuresPerAddress: number;
  windowSeconds: number;
}

/** Failed-login counters by username and by client address. */
export interface LoginLimiter {
  /**
   * Null when a login may be tried now; else the seconds until it may, and whether this is the
   * first refusal of the window (worth an audit entry: the following ones would only flood it).
   */
  refusal(username: string, address: string | null): { retryAfterSeconds: number; first: boolean } | null;
  /** Counts a failed login against both the username and the address. */
  failed(username: string, address: string | null): void;
  /**
   * A successful login clears its username's failures. The address keeps its count: one valid
   * account must not let an address go on guessing the passwords of others.
   */
  succeeded(username: string): void;
}

/** Keys kept at most: random usernames must not grow memory without bound. */
const MAX_KEYS = 10_000;

interface Window {
  failures: number;
  endsAt: number;
  refused?: boolean;
}

/**
 * In-memory fixed windows: the first failure opens a window of `windowSeconds`; once a key reaches
 * its maximum inside it, logins for that key are refused until the window ends. One process's
 * memory: several API processes each count their own share.
 */
export function createLoginLimiter(limits: LoginLimits, now: () => Date): LoginLimiter {
  const windows = new Map<string, Window>();
  const windowMs = limits.windowSeconds * 1000;
  const userKey = (username: string) => `u:${username.trim().toLowerCase()}`;
  const addressKey = (address: string) => `a:${address}`;

  const current = (key: string, at: number): Window | undefined => {
    const w = windows.get(key);
    if (w && w.endsAt <= at) {
      windows.delete(key);
      return undefined;
    }
    return w;
  };

  /** The key's full window, if it is one. */
  const full = (key: string, max: number, at: number) => {
    const w = current(key, at);
    return w && w.failures >= max ? w : undefined;
  };

  const count = (key: string, at: number) => {
    const w = current(key, at);
    if (w) return void (w.failures += 1);
    windows.set(key, { failures: 1, endsAt: at + windowMs });
    // Oldest first: Map keeps insertion order.
    if (windows.size > MAX_KEYS) windows.delete(windows.keys().next().value!);
  };

  return {
    refusal(username, address) {
      const at = now().getTime();
      const blocking = [
        full(userKey(username), limits.maxFailuresPerUser, at),
        address === null ? undefined : full(addressKey(address), limits.maxFailuresPerAddress, at),
      ].filter((w): w is Window => w !== undefined);
      if (blocking.length === 0) return null;
      const first = blocking.some((w) => !w.refused);
      for (const w of blocking) w.refused = true;
      const endsAt = Math.max(...blocking.map((w) => w.endsAt));
      return { retryAfterSeconds: Math.ceil((endsAt - at) / 1000), first };
    },
    failed(username, address) {
      const at = now().getTime();
      count(userKey(username), at);
      if (address !== null) count(addressKey(address), at);
    },
    succeeded(username) {
      windows.delete(userKey(username));
    },
  };
}
