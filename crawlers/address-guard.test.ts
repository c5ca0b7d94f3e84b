import { describe, expect, it } from 'vitest';
import { isAppError } from '../domain/index.ts';
import { createAddressGuard, isBlockedAddress } from './address-guard.ts';

describe('isBlockedAddress', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '64:ff9b::a9fe:a9fe',
    '2002:c0a8:0101::1',
    'not-an-ip',
  ])('refuses %s', (ip) => expect(isBlockedAddress(ip)).toBe(true));

  it.each([
    '8.8.8.8',
    '172.32.0.1',
    '192.169.0.1',
    '100.128.0.1',
    '2a00:1450:4007:80c::200e',
    '::ffff:8.8.8.8',
  ])('allows public %s', (ip) => expect(isBlockedAddress(ip)).toBe(false));
});

describe('createAddressGuard', () => {
  it('refuses a hostname that resolves to loopback, as a non-retryable blocked_address error', async () => {
    const guard = createAddressGuard({ allowPrivate: false });
    const err = await guard.check('http://localhost:8080/x').then(
      () => null,
      (e: unknown) => e,
    );
    expect(isAppError(err, 'fetch')).toBe(true);
    expect(err).toMatchObject({ retryable: false, details: { kind: 'blocked_address' } });
    expect((err as Error).message).toMatch(/localhost resolves to non-public address/);
  });

  it('lets private addresses through when the source allows them, and its lookup answers for net.connect', async () => {
    const guard = createAddressGuard({ allowPrivate: true });
    await expect(guard.check('http://127.0.0.1:1/')).resolves.toBeUndefined();
    const answer = await new Promise<unknown>((resolve, reject) =>
      guard.lookup('localhost', { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
    );
    expect(answer).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ address: expect.stringMatching(/^(127\.0\.0\.1|::1)$/) }),
      ]),
    );
  });

  it('makes the connect-time lookup fail for refused addresses (no DNS-rebinding gap)', async () => {
    const guard = createAddressGuard({ allowPrivate: false });
    const err = await new Promise<Error | null>((resolve) =>
      guard.lookup('localhost', {}, (e) => resolve(e)),
    );
    expect(err?.message).toMatch(/non-public address/);
  });
});
