import { createHash, randomBytes } from 'node:crypto';
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip as gunzipCb, gzip as gzipCb, gzipSync } from 'node:zlib';
import { AppError } from '../domain/index.ts';
import type { EvidenceStore } from './types.ts';

// Callback fs and one-shot gzip: per file, fs/promises and zlib streams cost ~4× the CPU (bench/crawl).
const gzip = promisify(gzipCb);
const gunzip = promisify(gunzipCb);
const mkdirP = promisify(mkdir);
const readFileP = promisify(readFile);
const renameP = promisify(rename);
const writeFileP = promisify(writeFile);
/** Bodies up to this size are compressed inline (≈0.1 ms); larger ones on the thread pool. */
const SYNC_GZIP_MAX = 256 * 1024;
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

  const exists = (path: string) => new Promise<boolean>((resolve) => access(path, (err) => resolve(!err)));

  async function write(path: string, body: Uint8Array): Promise<void> {
    const folder = join(path, '..');
    let freshFolder = false;
    if (!madeDirs.has(folder)) {
      // mkdir names the first directory it had to create: then no file can be in it yet.
      freshFolder = (await mkdirP(folder, { recursive: true })) !== undefined;
      madeDirs.add(folder);
    }
    if (!freshFolder && (await exists(path))) return;
    const compressed = body.length <= SYNC_GZIP_MAX ? gzipSync(body) : await gzip(body);
    const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFileP(temp, compressed);
      await renameP(temp, path);
    } catch (err) {
      rm(temp, { force: true }, () => undefined);
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
        compressed = await readFileP(path);
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
