import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, silentLogger, type Logger } from '../domain/index.ts';
import { createTestApp, TEST_PASSWORD, type TestAppHarness } from './test-support.ts';

const WINDOW_S = 600;
let clock = Date.parse('2026-03-01T08:00:00Z');
const warnings: { obj: unknown; msg?: string }[] = [];
const logger: Logger = { ...silentLogger, warn: (obj, msg) => void warnings.push({ obj, msg }) };

let h: TestAppHarness;
let server: ServerType;
let url = '';
beforeAll(async () => {
  h = await createTestApp({
    now: () => new Date(clock),
    logger,
    overrides: {
      'login.maxFailuresPerUser': 3,
      'login.maxFailuresPerAddress': 8,
      'login.windowSeconds': WINDOW_S,
    },
  });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: h.app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
      url = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
});
afterAll(async () => {
  (server as { closeAllConnections?: () => void }).closeAllConnections?.();
  await new Promise((resolve) => server.close(resolve));
  await h.close();
});

const login = (username: string, password: string) =>
  fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });

const errorOf = async (res: Response) =>
  (
    (await res.json()) as {
      error: { code: string; message: string; details?: { retryAfterSeconds: number } };
    }
  ).error;

describe('login rate limiting (over HTTP, in-memory counters)', () => {
  it('refuses a username after too many failures, even with the right password, until the window ends', async () => {
    for (let i = 0; i < 2; i++) expect((await login('analyst', 'wrong')).status).toBe(401);
    // A success clears the username's failures.
    expect((await login('analyst', TEST_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await login('Analyst', 'wrong')).status).toBe(401);

    clock += 60_000;
    const refused = await login('analyst', TEST_PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe(String(WINDOW_S - 60));
    expect(refused.headers.get('set-cookie')).toBeNull();
    const error = await errorOf(refused);
    expect(error.code).toBe('rate_limited');
    expect(error.message).toMatch(/too many failed logins: try again in 540 s/);
    expect(error.details?.retryAfterSeconds).toBe(WINDOW_S - 60);

    // Refused again: 429 again, but one audit entry and one log line per window, not one per try.
    const warned = warnings.length;
    expect((await login('analyst', 'wrong')).status).toBe(429);
    expect(warnings.length).toBe(warned);
    const audit = await h.store.audit.list({ action: 'login_rate_limited' }, { limit: 10 });
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]!.details).toMatchObject({ username: 'analyst', address: '127.0.0.1' });
    expect(warnings.at(-1)?.msg).toBe('login refused: too many failed attempts');
    const failed = await h.store.audit.list({ action: 'login_failed' }, { limit: 10 });
    expect(failed.items[0]!.details).toMatchObject({ address: '127.0.0.1' });

    // Another user from the same address is not locked out (5 failures here, the address allows 8).
    expect((await login('researcher', TEST_PASSWORD)).status).toBe(200);

    clock += (WINDOW_S - 60) * 1000;
    expect((await login('analyst', TEST_PASSWORD)).status).toBe(200);
  });

  it('refuses a client address after too many failures across usernames, and a success there does not reset it', async () => {
    clock += WINDOW_S * 1000;
    for (let i = 0; i < 7; i++) expect((await login(`guess-${i}`, 'wrong')).status).toBe(401);
    expect((await login('admin', TEST_PASSWORD)).status).toBe(200);
    expect((await login('guess-7', 'wrong')).status).toBe(401);
    const refused = await login('liaison', TEST_PASSWORD);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBe(WINDOW_S);
    clock += WINDOW_S * 1000;
    expect((await login('liaison', TEST_PASSWORD)).status).toBe(200);
  });

  it('shows the dashboard login form with a clear message and 429', async () => {
    clock += WINDOW_S * 1000;
    const form = (password: string) =>
      fetch(`${url}/login`, {
        method: 'POST',
        body: new URLSearchParams({ username: 'liaison', password, next: '/' }),
        redirect: 'manual',
        headers: { origin: url, 'accept-language': 'en' },
      });
    for (let i = 0; i < 3; i++) expect((await form('wrong')).status).toBe(401);
    const refused = await form(TEST_PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe(String(WINDOW_S));
    expect(refused.headers.get('set-cookie')).toBeNull();
    expect(await refused.text()).toContain('Too many failed logins. Try again in 10 min.');
  });

  it('counts behind a trusted proxy by the last X-Forwarded-For hop', async () => {
    const proxied = await createTestApp({
      overrides: { 'login.maxFailuresPerAddress': 2, 'login.trustProxy': true },
    });
    try {
      const attempt = (username: string, forwardedFor: string) =>
        proxied.app.request('/api/auth/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
          body: JSON.stringify({ username, password: 'wrong' }),
        });
      expect((await attempt('a', 'spoofed, 10.0.0.1')).status).toBe(401);
      expect((await attempt('b', '10.0.0.1')).status).toBe(401);
      expect((await attempt('c', '10.0.0.1')).status).toBe(429);
      expect((await attempt('c', '10.0.0.2')).status).toBe(401);
    } finally {
      await proxied.close();
    }
  });

  it('rejects a bad setting at start-up with the field named', async () => {
    await expect(createTestApp({ overrides: { 'login.windowSeconds': 0 } })).rejects.toThrow(AppError);
    await expect(createTestApp({ overrides: { 'login.windowSeconds': 0 } })).rejects.toThrow(
      /login\.windowSeconds/,
    );
  });
});
