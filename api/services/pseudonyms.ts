import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Stable pseudonym of a value for researchers: same input, same pseudonym; not reversible without the key. */
export function pseudonym(key: Buffer, kind: string, value: string): string {
  return `${kind}-${createHmac('sha256', key).update(`${kind}\0${value}`).digest('base64url').slice(0, 10)}`;
}

/**
 * The HMAC key behind pseudonyms, kept in the data directory (`pseudonym.key`, mode 600) so
 * pseudonyms stay stable across restarts and every API process of one deployment agrees.
 */
export function loadPseudonymKey(dataDir: string): Buffer {
  const path = join(dataDir, 'pseudonym.key');
  try {
    return Buffer.from(readFileSync(path, 'utf8').trim(), 'base64url');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  try {
    writeFileSync(path, key.toString('base64url'), { mode: 0o600, flag: 'wx' });
    return key;
  } catch (err) {
    // Another process wrote it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST')
      return Buffer.from(readFileSync(path, 'utf8').trim(), 'base64url');
    throw err;
  }
}
