import { createHash } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { createFsEvidenceStore, evidencePath } from './evidence-store.ts';
import { tempDir } from './test-support.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('createFsEvidenceStore', () => {
  it('stores gzip files by SHA-256 with a two-level fan-out and gives the original bytes back', async () => {
    const dir = join(tmp.dir, 'a');
    const store = createFsEvidenceStore(dir);
    const body = Buffer.from('<html><body>Annonce €</body></html>');
    const sha = await store.put(body, 'html');
    expect(sha).toBe(createHash('sha256').update(body).digest('hex'));
    expect(filesUnder(dir)).toEqual([join(dir, sha.slice(0, 2), sha.slice(2, 4), `${sha}.html.gz`)]);
    expect(Buffer.from((await store.get(sha, 'html'))!)).toEqual(body);
  });

  it('writes the same bytes once, even when put concurrently, and leaves no temp file', async () => {
    const dir = join(tmp.dir, 'b');
    const store = createFsEvidenceStore(dir);
    const body = Buffer.alloc(200_000, 'x');
    const shas = await Promise.all([1, 2, 3, 4].map(() => store.put(body, 'png')));
    expect(new Set(shas).size).toBe(1);
    await store.put(body, 'png');
    expect(filesUnder(dir)).toHaveLength(1);
    expect(filesUnder(dir)[0]).toMatch(/\.png\.gz$/);
  });

  it('answers null for unknown hashes, refuses malformed ones, and detects altered files', async () => {
    const dir = join(tmp.dir, 'c');
    const store = createFsEvidenceStore(dir);
    expect(await store.get('0'.repeat(64), 'html')).toBeNull();
    await expect(store.get('../../etc/passwd', 'html')).rejects.toThrow(/not a SHA-256 hex digest/);
    const sha = await store.put(Buffer.from('original'), 'html');
    writeFileSync(evidencePath(dir, sha, 'html'), gzipSync(Buffer.from('tampered')));
    await expect(store.get(sha, 'html')).rejects.toThrow(/does not match its SHA-256/);
  });
});
