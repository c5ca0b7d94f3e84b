import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configErrorMessage } from './test-support.ts';
import { loadConfig } from './load.ts';
import { testDir } from '../test-support/temp-dir.ts';

describe('loadConfig', () => {
  it('runs with no configuration at all on the embedded default', () => {
    const config = loadConfig({ env: {} });
    expect(config.http).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(config.store).toEqual({ kind: 'sqlite' });
    expect(config.queue).toEqual({ kind: 'inline' });
    expect(config.dataDir).toBe('./data');
    expect(config.demo.enabled).toBe(true);
  });

  it('switches to MongoDB and BullMQ when their URLs are in the environment', () => {
    const config = loadConfig({ env: { MONGODB_URL: 'mongodb://db:27017', REDIS_URL: 'redis://q:6379' } });
    expect(config.store).toMatchObject({ kind: 'mongodb', url: 'mongodb://db:27017', database: 'vigie' });
    expect(config.queue).toMatchObject({ kind: 'bullmq', redisUrl: 'redis://q:6379', concurrency: 2 });
  });

  it('layers defaults < YAML file < environment', () => {
    const dir = testDir('config');
    const file = join(dir, 'vigie.yaml');
    writeFileSync(
      file,
      'http:\n  port: 9000\n  host: 0.0.0.0\nalerts:\n  marketThreshold: 0.7\nlogLevel: warn\n',
    );
    const config = loadConfig({ file, env: { VIGIE_PORT: '9100', VIGIE_DEMO: 'false' } });
    expect(config.http).toEqual({ host: '0.0.0.0', port: 9100 });
    expect(config.alerts).toEqual({ marketThreshold: 0.7, productionThreshold: 0.5 });
    expect(config.logLevel).toBe('warn');
    expect(config.demo.enabled).toBe(false);
  });

  it('reads the login limits from the environment', () => {
    const config = loadConfig({
      env: {
        VIGIE_LOGIN_MAX_FAILURES_PER_USER: '3',
        VIGIE_LOGIN_WINDOW_SECONDS: '60',
        VIGIE_TRUST_PROXY: 'yes',
      },
    });
    expect(config.login).toEqual({
      maxFailuresPerUser: 3,
      maxFailuresPerAddress: 20,
      windowSeconds: 60,
      trustProxy: true,
    });
  });

  it('names the field, the value and what was expected', () => {
    const message = configErrorMessage(() => loadConfig({ env: { VIGIE_PORT: 'eighty' } }));
    expect(message).toContain('http.port');
    expect(message).toContain('"eighty"');
    expect(message).toMatch(/expected .*number/);
  });

  it('rejects out-of-range thresholds, unknown log levels and bad store URLs', () => {
    expect(configErrorMessage(() => loadConfig({ env: { VIGIE_MARKET_THRESHOLD: '1.5' } }))).toContain(
      'alerts.marketThreshold',
    );
    expect(configErrorMessage(() => loadConfig({ env: { VIGIE_LOG_LEVEL: 'loud' } }))).toContain(
      'logLevel: got "loud"',
    );
    expect(configErrorMessage(() => loadConfig({ env: { MONGODB_URL: 'http://nope' } }))).toContain(
      'store.url',
    );
    expect(configErrorMessage(() => loadConfig({ env: { VIGIE_DEMO: 'maybe' } }))).toContain(
      'demo.enabled: got "maybe"',
    );
    expect(configErrorMessage(() => loadConfig({ env: { VIGIE_LOGIN_WINDOW_SECONDS: '-1' } }))).toContain(
      'login.windowSeconds: got "-1"',
    );
    expect(configErrorMessage(() => loadConfig({ env: { VIGIE_RETRY_ATTEMPTS: '0' } }))).toContain(
      'retry.attempts: got "0"',
    );
  });

  it('reports an unreadable or malformed config file clearly', () => {
    expect(configErrorMessage(() => loadConfig({ file: '/nonexistent/vigie.yaml', env: {} }))).toContain(
      'cannot read config file /nonexistent/vigie.yaml',
    );
    const dir = testDir('config');
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'http: [unclosed\n');
    expect(configErrorMessage(() => loadConfig({ file: bad, env: {} }))).toContain('is not valid YAML');
    const list = join(dir, 'list.yaml');
    writeFileSync(list, '- 1\n- 2\n');
    expect(configErrorMessage(() => loadConfig({ file: list, env: {} }))).toContain('YAML mapping');
  });
});

describe('vigie serve with a bad configuration', () => {
  it('stops start-up with exit code 2 and a message naming the field', () => {
    const result = spawnSync(process.execPath, ['bin/vigie.js', 'serve'], {
      env: { ...process.env, VIGIE_PORT: '99999', VIGIE_DATA_DIR: testDir('bad') },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('http.port: got "99999"');
  });
});
