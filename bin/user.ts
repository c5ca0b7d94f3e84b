import { readFileSync } from 'node:fs';
import { createUserService, newUserSchema, passwordSchema } from '../api/services/users.ts';
import { randomPassword } from '../api/auth/passwords.ts';
import { isAppError, roleSchema } from '../domain/index.ts';
import { openStore } from '../store/index.ts';
import type { Store } from '../store/types.ts';
import type { Command } from './cli.ts';
import { configHelp, configOptions, loadConfigOrExplain, parseCommandArgs } from './config-args.ts';

const help = `Usage: vigie user <action> [options]

Manages the users of the dashboard and API (in the configured store).

Actions:
  add USERNAME --role ROLE     create a user (roles: admin, analyst, liaison, researcher)
  list                         list users with their role and state
  disable USERNAME             disable a user and end their sessions
  enable USERNAME              enable a disabled user
  set-password USERNAME        set a new password and end the user's sessions

Without --password-stdin, add and set-password generate a random password and print it once.

Options:
  -r, --role ROLE       role for add
  --password-stdin      read the password from standard input (at least 12 characters)
${configHelp}
  -h, --help            show this help`;

const options = {
  ...configOptions,
  role: { type: 'string', short: 'r' },
  'password-stdin': { type: 'boolean' },
} as const;

/** The password from stdin, or a generated one (shown once). */
function choosePassword(fromStdin: boolean | undefined): { password: string; generated: boolean } {
  if (!fromStdin) return { password: randomPassword(), generated: true };
  const password = readFileSync(0, 'utf8').replace(/\r?\n$/, '');
  return { password, generated: false };
}

async function act(
  store: Store,
  action: string,
  positionals: string[],
  values: { role?: string; 'password-stdin'?: boolean },
): Promise<number> {
  const users = createUserService({ store, now: () => new Date() });
  const username = positionals[0];
  const find = async () => {
    const user = username ? await store.users.getByUsername(username) : null;
    if (!user) console.error(`vigie user: no user "${username ?? ''}"`);
    return user;
  };
  switch (action) {
    case 'list': {
      for (const u of await users.list()) {
        console.log(
          `${u.username.padEnd(24)} ${u.role.padEnd(11)} ${u.disabled ? 'disabled' : 'active  '} ${u.createdAt}`,
        );
      }
      return 0;
    }
    case 'add': {
      const { password, generated } = choosePassword(values['password-stdin']);
      const parsed = newUserSchema.safeParse({ username, role: values.role, password });
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          console.error(`vigie user add: ${issue.path.join('.') || 'input'}: ${issue.message}`);
        if (values.role === undefined) console.error(`  give --role (${roleSchema.options.join(', ')})`);
        return 2;
      }
      const user = await users.add(parsed.data, null);
      console.log(`created ${user.role} "${user.username}"${generated ? ` with password: ${password}` : ''}`);
      return 0;
    }
    case 'disable':
    case 'enable': {
      const user = await find();
      if (!user) return 1;
      await users.update(user.id, { disabled: action === 'disable' }, null);
      console.log(`${action}d "${user.username}"`);
      return 0;
    }
    case 'set-password': {
      const user = await find();
      if (!user) return 1;
      const { password, generated } = choosePassword(values['password-stdin']);
      const checked = passwordSchema.safeParse(password);
      if (!checked.success) {
        console.error(`vigie user set-password: password: ${checked.error.issues[0]?.message}`);
        return 2;
      }
      await users.update(user.id, { password }, null);
      console.log(`new password for "${user.username}"${generated ? `: ${password}` : ' set'}`);
      return 0;
    }
    default:
      console.error(`vigie user: unknown action "${action}"\n\n${help}`);
      return 2;
  }
}

async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('user', args, options);
  if (!parsed) return 2;
  const [action, ...positionals] = parsed.positionals;
  if (!action) {
    console.error(help);
    return 2;
  }
  const config = loadConfigOrExplain(parsed.values.config);
  if (!config) return 2;
  let store: Store;
  try {
    store = await openStore(config.store, config.dataDir);
  } catch (err) {
    if (isAppError(err)) {
      console.error(`vigie user: ${err.message}`);
      return 1;
    }
    throw err;
  }
  try {
    return await act(store, action, positionals, parsed.values);
  } catch (err) {
    if (isAppError(err, 'conflict') || isAppError(err, 'not_found')) {
      console.error(`vigie user: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    await store.close();
  }
}

export const command: Command = {
  summary: 'manage users: add, list, disable, enable, set-password',
  help,
  run,
};
