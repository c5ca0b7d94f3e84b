import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// `vigie serve` as a user runs it (`npm start`), on free ports: it must print where it listens, log the
// one-time admin password once, serve alerts from the demo sites, and stop cleanly on Ctrl-C.
const dir = mkdtempSync(join(tmpdir(), 'vigie-serve-'));
let child: ChildProcess | undefined;

afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function waitFor<T>(what: string, read: () => T | undefined, timeoutMs: number): Promise<T> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      const value = read();
      if (value !== undefined) return resolve(value);
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 100);
    };
    tick();
  });
}

describe('vigie serve', () => {
  it('serves alerts from the demo sites, then shuts down cleanly on SIGINT', async () => {
    child = spawn(process.execPath, ['bin/vigie.js', 'serve'], {
      env: { ...process.env, VIGIE_DATA_DIR: dir, VIGIE_PORT: '0', VIGIE_DEMO_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));

    const baseUrl = await waitFor(
      'the banner',
      () => /Vigie is running: (http:\/\/\S+)/.exec(stdout)?.[1],
      60_000,
    );
    const password = await waitFor(
      'the one-time admin password',
      () =>
        stderr
          .split('\n')
          .map((line) => /"password":"([^"]+)"/.exec(line)?.[1])
          .find(Boolean),
      10_000,
    );
    expect(stderr.match(/"password":/g)).toHaveLength(1);

    const login = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;

    let alerts: unknown[] = [];
    const deadline = Date.now() + 60_000;
    while (alerts.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      const res = await fetch(`${baseUrl}/api/alerts`, { headers: { cookie } });
      alerts = ((await res.json()) as { items: unknown[] }).items;
    }
    expect(alerts.length).toBeGreaterThan(0);
    const page = await fetch(`${baseUrl}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<!DOCTYPE html>');

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stderr).toContain('"msg":"stopped"');
  });
});
