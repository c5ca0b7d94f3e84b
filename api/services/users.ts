import { z } from 'zod';
import { AppError, roleSchema, type Logger, type Role, type User } from '../../domain/index.ts';
import type { Store } from '../../store/types.ts';
import { hashPassword, randomPassword } from '../auth/passwords.ts';
import type { ServiceDeps, Viewer } from './context.ts';

export const usernameSchema = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-zA-Z0-9._@-]+$/, 'letters, digits and . _ @ -');
export const passwordSchema = z.string().min(12, 'at least 12 characters').max(200);

export const newUserSchema = z.object({
  username: usernameSchema,
  role: roleSchema,
  password: passwordSchema,
});
export type NewUserInput = z.infer<typeof newUserSchema>;

export const userPatchSchema = z
  .object({
    role: roleSchema.optional(),
    disabled: z.boolean().optional(),
    password: passwordSchema.optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'give role, disabled or password');
export type UserPatch = z.infer<typeof userPatchSchema>;

/** A user as the API shows it: never the password hash. */
export type PublicUser = Omit<User, 'passwordHash'>;

export const publicUser = ({ passwordHash: _hash, ...rest }: User): PublicUser => rest;

export interface UserService {
  list(): Promise<PublicUser[]>;
  add(input: NewUserInput, by: Viewer | null): Promise<PublicUser>;
  update(id: string, patch: UserPatch, by: Viewer | null): Promise<PublicUser>;
}

/** User management (admin API and `vigie user`); every change is audited and ends sessions when needed. */
export function createUserService(deps: Pick<ServiceDeps, 'store' | 'now'>): UserService {
  const { store, now } = deps;
  const audit = (by: Viewer | null, action: string, user: User, details: Record<string, unknown>) =>
    store.audit.record({
      userId: by?.id ?? null,
      action,
      target: `user:${user.id}`,
      details,
      at: now().toISOString(),
    });
  return {
    async list() {
      return (await store.users.list()).map(publicUser);
    },
    async add(input, by) {
      const user = await store.users.create(
        { username: input.username, role: input.role, passwordHash: await hashPassword(input.password) },
        now(),
      );
      await audit(by, 'user_added', user, { username: user.username, role: user.role });
      return publicUser(user);
    },
    async update(id, patch, by) {
      const existing = await store.users.get(id);
      if (!existing) throw new AppError('not_found', `no user ${id}`);
      if (by?.id === id && (patch.disabled === true || (patch.role && patch.role !== 'admin'))) {
        throw new AppError('conflict', 'you cannot disable yourself or drop your own admin role');
      }
      const updated = await store.users.update(id, {
        role: patch.role,
        disabled: patch.disabled,
        passwordHash: patch.password === undefined ? undefined : await hashPassword(patch.password),
      });
      if (!updated) throw new AppError('not_found', `no user ${id}`);
      if (patch.disabled || patch.password !== undefined || patch.role) await store.sessions.deleteByUser(id);
      await audit(by, 'user_updated', updated, {
        role: patch.role,
        disabled: patch.disabled,
        passwordChanged: patch.password !== undefined,
      });
      return publicUser(updated);
    },
  };
}

/**
 * First start: with no users at all, creates `admin` with a random one-time password and logs it
 * once. Never a built-in default password. Returns the password when one was made.
 */
export async function ensureInitialAdmin(
  store: Store,
  logger: Logger,
  now: () => Date = () => new Date(),
): Promise<string | null> {
  if ((await store.users.count()) > 0) return null;
  const password = randomPassword();
  const role: Role = 'admin';
  try {
    await store.users.create({ username: 'admin', role, passwordHash: await hashPassword(password) }, now());
  } catch (err) {
    // Another process created it first (several API processes starting together).
    if (err instanceof AppError && err.code === 'conflict') return null;
    throw err;
  }
  logger.warn(
    { username: 'admin', password },
    'created the initial admin user with this one-time password: log in and change it (vigie user set-password admin)',
  );
  return password;
}
