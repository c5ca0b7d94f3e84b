import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

// Only the holder (same token) may extend or delete the lock.
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

export interface SourceLease {
  /** Stops renewing and frees the source (only if this lease still holds it). */
  release(): Promise<void>;
}

export interface SourceLock {
  /** Takes the source's lock, or undefined when another run holds it. */
  acquire(sourceId: string): Promise<SourceLease | undefined>;
  isHeld(sourceId: string): Promise<boolean>;
}

/**
 * One Redis key per source, renewed while its run lasts: workers on any machine see it, and a
 * crashed worker's lock expires after `ttlMs`.
 */
export function createSourceLock(
  redis: Redis,
  keyPrefix: string,
  ttlMs: number,
  onLost: (sourceId: string) => void,
): SourceLock {
  const keyOf = (sourceId: string) => `${keyPrefix}:${sourceId}`;
  return {
    async acquire(sourceId) {
      const key = keyOf(sourceId);
      const token = randomUUID();
      if ((await redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') return undefined;
      const timer = setInterval(
        () => {
          redis.eval(EXTEND, 1, key, token, String(ttlMs)).then(
            (extended) => {
              if (extended !== 1) onLost(sourceId);
            },
            () => onLost(sourceId),
          );
        },
        Math.max(10, Math.floor(ttlMs / 3)),
      );
      return {
        async release() {
          clearInterval(timer);
          await redis.eval(RELEASE, 1, key, token);
        },
      };
    },
    async isHeld(sourceId) {
      return (await redis.exists(keyOf(sourceId))) === 1;
    },
  };
}
