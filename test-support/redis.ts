import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface RedisServer {
  /** `redis://127.0.0.1:PORT` */
  url: string;
  stop(): Promise<void>;
}

export interface StartRedisOptions {
  /** Defaults to Debian's `/usr/bin/redis-server`. */
  binary?: string;
}

/** Starts a throw-away redis-server on a free 127.0.0.1 port (no persistence); stop() kills it by pid. */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServer> {
  const binary = options.binary ?? '/usr/bin/redis-server';
  if (!existsSync(binary)) {
    throw new Error(
      `redis-server not found at ${binary}: install it with \`apt-get install -y redis-server\``,
    );
  }
  let lastError: unknown;
  // A free port can be taken between our probe and redis binding it: try a few.
  for (let i = 0; i < 3; i++) {
    try {
      return await startOn(binary, await freePort());
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

async function startOn(binary: string, port: number): Promise<RedisServer> {
  const dir = await mkdtemp(join(tmpdir(), 'vigie-redis-'));
  const pidfile = join(dir, 'redis.pid');
  const logfile = join(dir, 'redis.log');
  // redis's own config syntax: an empty string is `""` on its command line.
  await run(binary, [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--daemonize',
    'yes',
    '--pidfile',
    pidfile,
    '--logfile',
    logfile,
    '--dir',
    dir,
  ]);
  const stop = async (): Promise<void> => {
    const pid = await readPid(pidfile);
    if (pid !== undefined) await kill(pid);
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  while (!(await answersPing(port))) {
    if (Date.now() > deadline) {
      const log = await readFile(logfile, 'utf8').catch(() => '');
      await stop();
      throw new Error(`redis-server on port ${port} did not answer PING within 10 s\n${log.slice(-2000)}`);
    }
    await sleep(50);
  }
  return { url: `redis://127.0.0.1:${port}`, stop };
}

async function readPid(pidfile: string): Promise<number | undefined> {
  // The daemon writes its pidfile shortly after forking.
  for (let i = 0; i < 40; i++) {
    const text = await readFile(pidfile, 'utf8').catch(() => '');
    const pid = Number.parseInt(text, 10);
    if (pid > 0) return pid;
    await sleep(50);
  }
  return undefined;
}

async function kill(pid: number): Promise<void> {
  if (!signal(pid, 'SIGTERM')) return;
  for (let i = 0; i < 100; i++) {
    if (!signal(pid, 0)) return;
    await sleep(50);
  }
  signal(pid, 'SIGKILL');
}

/** False once the process is gone. */
function signal(pid: number, sig: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
