import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyPassword } from '../api/auth/passwords.ts';
import { openSqliteStore } from '../store/sqlite/index.ts';
import { command } from './user.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigie-user-'));
  process.env.VIGIE_DATA_DIR = dir;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `vigie user ...` in-process, capturing what it prints. */
async function vigieUser(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
  const error = vi.spyOn(console, 'error').mockImplementation((line: string) => void err.push(line));
  try {
    return { code: await command.run(args), out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('vigie user', () => {
  it('adds a user with a generated password printed once, lists, disables and resets it', async () => {
    const added = await vigieUser('add', 'marie', '--role', 'analyst');
    expect(added.code).toBe(0);
    const password = /with password: (\S+)/.exec(added.out)?.[1];
    expect(password).toMatch(/^[\w-]{20}$/);

    const store = await openSqliteStore(join(dir, 'vigie.db'));
    try {
      const user = await store.users.getByUsername('marie');
      expect(await verifyPassword(password!, user!.passwordHash)).toBe(true);
    } finally {
      await store.close();
    }

    expect((await vigieUser('list')).out).toMatch(/marie\s+analyst\s+active/);
    expect((await vigieUser('disable', 'marie')).code).toBe(0);
    expect((await vigieUser('list')).out).toMatch(/marie\s+analyst\s+disabled/);
    const reset = await vigieUser('set-password', 'marie');
    const fresh = /: (\S+)$/.exec(reset.out)?.[1];
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(password);
  });

  it('refuses bad input clearly and keeps what exists', async () => {
    const noRole = await vigieUser('add', 'paul');
    expect(noRole.code).toBe(2);
    expect(noRole.err).toMatch(/role/);
    const badRole = await vigieUser('add', 'paul', '--role', 'superuser');
    expect(badRole.code).toBe(2);
    expect((await vigieUser('add', 'dup', '--role', 'liaison')).code).toBe(0);
    const dup = await vigieUser('add', 'DUP', '--role', 'admin');
    expect(dup.code).toBe(1);
    expect(dup.err).toMatch(/already taken/);
    expect((await vigieUser('list')).out).toMatch(/dup\s+liaison/);
    expect((await vigieUser('disable', 'nobody')).code).toBe(1);
    expect((await vigieUser('frobnicate')).code).toBe(2);
  });
});
