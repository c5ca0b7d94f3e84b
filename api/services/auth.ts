import { hash, randomBytes } from 'node:crypto';
import { AppError, type User } from '../../domain/index.ts';
import { DUMMY_HASH, verifyPassword } from '../auth/passwords.ts';
import type { SessionUser } from '../env.ts';
import type { ServiceDeps } from './context.ts';
import { createLoginLimiter } from './login-limiter.ts';
import { createStampCache } from './stamp-cache.ts';

/** Sessions last 8 hours from login, whatever the activity. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

// One-shot hash: the session lookup runs on every request.
const hashToken = (token: string) => hash('sha256', token, 'hex');

const toSessionUser = (u: User): SessionUser => ({ id: u.id, username: u.username, role: u.role });

export interface AuthService {
  /**
   * Checks credentials and opens a session; AppError('unauthorized') on any failure (same message),
   * AppError('rate_limited') with `details.retryAfterSeconds` after too many failures for this
   * username or from this client address (`from`, when known).
   */
  login(
    username: string,
    password: string,
    from?: string | null,
  ): Promise<{ token: string; user: SessionUser; expiresAt: Date }>;
  /**
   * The user behind a session cookie, or null when missing, expired or disabled. `stamp`: the
   * store's change stamp when the caller already read it for this request (read here otherwise).
   */
  resolve(token: string | undefined, stamp?: string | null): Promise<SessionUser | null>;
  /**
   * The user of a session this process resolved while the store's change stamp was `stamp`, if it
   * has not expired since; undefined when only resolve can tell.
   */
  cached(token: string | undefined, stamp: string | null): SessionUser | undefined;
  logout(token: string | undefined): Promise<void>;
}

/** Sessions remembered between requests while the store does not change. */
const SESSION_CACHE_SIZE = 1000;

/**
 * Password login and server-side sessions (only the token's SHA-256 is stored). A resolved session
 * is remembered until the store's change stamp moves: logging out, disabling a user or changing a
 * password anywhere (any process) is a write, so it takes effect on the next request.
 */
export function createAuthService(deps: ServiceDeps): AuthService {
  const { store, now } = deps;
  const limiter = createLoginLimiter(deps.config.login, now);
  // Keyed by the token itself, as the cookie carries it: a hit costs no hash. Only the database
  // must never hold a usable token; this map lives in the memory that reads every cookie anyway.
  const cache = createStampCache<{ user: SessionUser; expiresAtMs: number }>(SESSION_CACHE_SIZE);
  const cached = (token: string | undefined, stamp: string | null) => {
    if (!token) return undefined;
    const known = cache.get(token, stamp);
    return known && known.expiresAtMs > now().getTime() ? known.user : undefined;
  };
  return {
    async login(username, password, from = null) {
      // Refused before the password is even checked: a locked-out guess learns nothing, costs no scrypt.
      const refusal = limiter.refusal(username, from);
      if (refusal) {
        const { retryAfterSeconds } = refusal;
        // Once per window and key: a client hammering a locked account must not flood the audit log.
        if (refusal.first) {
          const details = { username: username.slice(0, 100), address: from, retryAfterSeconds };
          deps.logger.warn(details, 'login refused: too many failed attempts');
          await store.audit.record({
            userId: null,
            action: 'login_rate_limited',
            target: null,
            details,
            at: now().toISOString(),
          });
        }
        throw new AppError('rate_limited', `too many failed logins: try again in ${retryAfterSeconds} s`, {
          details: { retryAfterSeconds },
        });
      }
      const user = await store.users.getByUsername(username);
      // Same work for unknown users, so timing does not reveal which usernames exist.
      const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !ok || user.disabled) {
        limiter.failed(username, from);
        await store.audit.record({
          userId: user?.id ?? null,
          action: 'login_failed',
          target: null,
          details: { username: username.slice(0, 100), address: from },
          at: now().toISOString(),
        });
        throw new AppError('unauthorized', 'wrong username or password');
      }
      limiter.succeeded(username);
      const token = randomBytes(32).toString('base64url');
      const created = now();
      const expiresAt = new Date(created.getTime() + SESSION_TTL_MS);
      await store.sessions.create({
        tokenHash: hashToken(token),
        userId: user.id,
        createdAt: created.toISOString(),
        expiresAt: expiresAt.toISOString(),
      });
      await store.audit.record({
        userId: user.id,
        action: 'login',
        target: null,
        details: {},
        at: created.toISOString(),
      });
      return { token, user: toSessionUser(user), expiresAt };
    },
    cached,
    async resolve(token, stamp) {
      if (!token || token.length > 100) return null;
      const current = stamp === undefined ? await store.alerts.changeStamp() : stamp;
      const known = cached(token, current);
      if (known) return known;
      cache.delete(token);
      const tokenHash = hashToken(token);
      const session = await store.sessions.get(tokenHash);
      if (!session) return null;
      if (session.expiresAt <= now().toISOString()) {
        await store.sessions.delete(session.tokenHash);
        return null;
      }
      const user = await store.users.get(session.userId);
      if (!user || user.disabled) return null;
      const resolved = toSessionUser(user);
      cache.set(token, current, { user: resolved, expiresAtMs: Date.parse(session.expiresAt) });
      return resolved;
    },
    async logout(token) {
      if (token) await store.sessions.delete(hashToken(token));
    },
  };
}
