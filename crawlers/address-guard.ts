import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { crawlError } from './errors.ts';

type Range = [base: number, bits: number];

// Loopback, private, shared, link-local, benchmarking, multicast, reserved and "this network".
const BLOCKED_V4: Range[] = (
  [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ] as const
).map(([ip, bits]) => [ipv4ToInt(ip), bits]);

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

function inRange(value: number, [base, bits]: Range): boolean {
  const size = 2 ** (32 - bits);
  return Math.floor(value / size) === Math.floor(base / size);
}

/** The eight 16-bit groups of an IPv6 address (embedded IPv4 tail included). */
function ipv6Groups(ip: string): number[] {
  let text = ip.toLowerCase().split('%')[0]!;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = ipv4ToInt(v4[1]!);
    text =
      text.slice(0, -v4[1]!.length) + `${Math.floor(n / 65536).toString(16)}:${(n % 65536).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (s: string) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const zeros = new Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...zeros, ...right];
}

function blockedV6(ip: string): boolean {
  const g = ipv6Groups(ip);
  const first = g[0]!;
  if (g.every((x) => x === 0)) return true; // ::
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return true; // ::1
  const embeddedV4 = () => `${g[6]! >> 8}.${g[6]! & 255}.${g[7]! >> 8}.${g[7]! & 255}`;
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::/96) carry an IPv4 target.
  if (g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0))
    return isBlockedAddress(embeddedV4());
  if (first === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0))
    return isBlockedAddress(embeddedV4());
  if (first === 0x2002) return isBlockedAddress(`${g[1]! >> 8}.${g[1]! & 255}.${g[2]! >> 8}.${g[2]! & 255}`); // 6to4
  if ((first & 0xfe00) === 0xfc00) return true; // unique local fc00::/7
  if ((first & 0xffc0) === 0xfe80 || (first & 0xffc0) === 0xfec0) return true; // link-local, old site-local
  if ((first & 0xff00) === 0xff00) return true; // multicast
  if (first === 0x2001 && g[1] === 0x0db8) return true; // documentation
  return false;
}

/** True for loopback, private, link-local and other non-public IPv4/IPv6 addresses. */
export function isBlockedAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) {
    const n = ipv4ToInt(ip);
    return BLOCKED_V4.some((range) => inRange(n, range));
  }
  if (family === 6) return blockedV6(ip);
  return true;
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

export interface AddressGuard {
  /** Throws a `blocked_address` error when the URL's host resolves to a refused address. */
  check(url: string): Promise<void>;
  /** A `net.connect` lookup that answers only with checked addresses (no DNS-rebinding gap). */
  lookup(hostname: string, options: { all?: boolean }, callback: LookupCallback): void;
}

/** Refuses requests to non-public addresses unless `allowPrivate`; resolutions are cached for the run. */
export function createAddressGuard(opts: { allowPrivate: boolean }): AddressGuard {
  const cache = new Map<string, Promise<LookupAddress[]>>();

  function resolve(hostname: string): Promise<LookupAddress[]> {
    let pending = cache.get(hostname);
    if (!pending) {
      pending = new Promise<LookupAddress[]>((ok, fail) =>
        dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) =>
          err ? fail(err) : ok(addresses),
        ),
      );
      pending.catch(() => cache.delete(hostname));
      cache.set(hostname, pending);
    }
    return pending;
  }

  async function publicAddresses(hostname: string, url: string): Promise<LookupAddress[]> {
    const literal = hostname.replace(/^\[|\]$/g, '');
    let addresses: LookupAddress[];
    if (isIP(literal)) {
      addresses = [{ address: literal, family: isIP(literal) }];
    } else {
      try {
        addresses = await resolve(literal);
      } catch (cause) {
        const code = (cause as NodeJS.ErrnoException).code;
        throw crawlError('network', url, `cannot resolve ${literal}: ${code ?? String(cause)}`, {
          cause,
          retryable: code !== 'ENOTFOUND',
        });
      }
    }
    if (!opts.allowPrivate) {
      const blocked = addresses.find((a) => isBlockedAddress(a.address));
      if (blocked) {
        throw crawlError(
          'blocked_address',
          url,
          `refused: ${literal} resolves to non-public address ${blocked.address} (set allowPrivateNetwork on the source to allow)`,
        );
      }
    }
    return addresses;
  }

  return {
    async check(url) {
      await publicAddresses(new URL(url).hostname, url);
    },
    lookup(hostname, options, callback) {
      publicAddresses(hostname, `//${hostname}`).then(
        (addresses) => {
          if (options.all) callback(null, addresses);
          else callback(null, addresses[0]!.address, addresses[0]!.family);
        },
        (err: Error) => callback(Object.assign(err, { code: 'EVIGIEBLOCKED' }), []),
      );
    },
  };
}
