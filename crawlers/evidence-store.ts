import { createHash, randomBytes } from 'node:crypto';
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip as gunzipCb, gzip as gzipCb } from 'node:zlib';
import { AppError } from '../domain/index.ts';
import type { EvidenceStore } from './types.ts';

const gzip = promisify(gzipCb);
const gunzip = promisify(gunzipCb);
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The evidence file of a hash: `<dir>/ab/cd/<sha256>.<kind>.gz`. */
export function evidencePath(dir: string, sha256: string, kind: 'html' | 'png'): string {
  if (!SHA256_HEX.test(sha256))
    throw new AppError('validation', `not a SHA-256 hex digest: "${sha256.slice(0, 80)}"`);
  return join(dir, sha256.slice(0, 2), sha256.slice(2, 4), `${sha256}.${kind}.gz`);
}

/**
 * Evidence as gzip files under `dir`, named by the SHA-256 of the original bytes (two-level
 * fan-out). Writes go to a temp file then rename, so a crash never leaves a truncated file.
 */
export function createFsEvidenceStore(dir: string): EvidenceStore {
  const madeDirs = new Set<string>();
  const writing = new Map<string, Promise<void>>();

  async function exists(path: string): Promise<boolean> {
    try {
      await access(path);
      return true;
    } catch {
      return false;
    }
  }

  async function write(path: string, body: Uint8Array): Promise<void> {
    if (await exists(path)) return;
    const folder = join(path, '..');
    if (!madeDirs.has(folder)) {
      await mkdir(folder, { recursive: true });
      madeDirs.add(folder);
    }
    const compressed = await gzip(body, { level: 6 });
    const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temp, compressed);
      await rename(temp, path);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  }

  return {
    async put(body, kind) {
      const sha256 = createHash('sha256').update(body).digest('hex');
      const path = evidencePath(dir, sha256, kind);
      // Many listings of one page share its body: one write is enough.
      let pending = writing.get(path);
      if (!pending) {
        pending = write(path, body).finally(() => writing.delete(path));
        writing.set(path, pending);
      }
      await pending;
      return sha256;
    },
    async get(sha256, kind) {
      const path = evidencePath(dir, sha256, kind);
      let compressed: Buffer;
      try {
        compressed = await readFile(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
      const body = await gunzip(compressed);
      if (createHash('sha256').update(body).digest('hex') !== sha256) {
        throw new AppError('internal', `evidence file ${path} does not match its SHA-256: it was altered`);
      }
      return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
    },
  };
}
