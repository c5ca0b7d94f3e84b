import { createConnection } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startRedis } from './redis.ts';

function ping(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port) });
    socket.once('error', (err) => resolve(`error: ${err.message}`));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk) => {
      socket.destroy();
      resolve(chunk.toString('utf8').trim());
    });
  });
}

describe('startRedis', () => {
  it('starts a redis-server that answers PING and is gone after stop()', async () => {
    const redis = await startRedis();
    expect(redis.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    expect(await ping(redis.url)).toBe('+PONG');
    await redis.stop();
    expect(await ping(redis.url)).toMatch(/^error: .*ECONNREFUSED/);
  });

  it('says how to install redis-server when the binary is missing', async () => {
    await expect(startRedis({ binary: '/nonexistent/redis-server' })).rejects.toThrow(
      'apt-get install -y redis-server',
    );
  });
});
