import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../domain/index.ts';
import { openMongoStore, redactMongoUrl } from './index.ts';

/** A 127.0.0.1 port that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// These need no MongoDB server; the contract suite (store/store.test.ts) covers the repositories.
describe('openMongoStore without a server', () => {
  it('hides passwords in URLs', () => {
    expect(redactMongoUrl('mongodb://vigie:s3cr%40t@db1:27017,db2/vigie?authSource=admin')).toBe(
      'mongodb://vigie:***@db1:27017,db2/vigie?authSource=admin',
    );
    expect(redactMongoUrl('mongodb+srv://u:p@cluster.example/x')).toBe(
      'mongodb+srv://u:***@cluster.example/x',
    );
    expect(redactMongoUrl('mongodb://127.0.0.1:27017/vigie')).toBe('mongodb://127.0.0.1:27017/vigie');
  });

  it('reports an unreachable server as a retryable AppError without the password', async () => {
    const url = `mongodb://vigie:topsecret@127.0.0.1:${await closedPort()}/?directConnection=true`;
    const err = await openMongoStore(url, 'vigie').catch((e: unknown) => e);
    expect(isAppError(err, 'unavailable')).toBe(true);
    expect((err as { retryable: boolean }).retryable).toBe(true);
    expect((err as Error).message).toContain('127.0.0.1');
    expect((err as Error).message).not.toContain('topsecret');
  });

  it('reports a malformed URL as a configuration error', async () => {
    const err = await openMongoStore('mongodb://', 'vigie').catch((e: unknown) => e);
    expect(isAppError(err, 'config')).toBe(true);
    expect((err as Error).message).toMatch(/invalid MongoDB URL/);
  });
});
