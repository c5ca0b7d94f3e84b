import { AppError } from '../../domain/index.ts';
import type { AppEnv, SessionUser } from '../env.ts';

/** The logged-in user; routes run behind a guard, so a missing one is a wiring mistake made visible as 401. */
export function viewer(c: { get(key: 'user'): AppEnv['Variables']['user'] }): SessionUser {
  const user = c.get('user');
  if (!user) throw new AppError('unauthorized', 'log in first');
  return user;
}
