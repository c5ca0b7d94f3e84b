import type { User } from '../domain/index.ts';
import type { Services } from './services/index.ts';

/** The logged-in user as routes and pages see it (never the password hash). */
export type SessionUser = Pick<User, 'id' | 'username' | 'role'>;

/** Hono environment shared by the API and the dashboard. */
export interface AppEnv {
  Variables: {
    user: SessionUser | null;
    services: Services;
    secureHeadersNonce?: string;
  };
}
