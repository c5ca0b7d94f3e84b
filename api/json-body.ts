import { gzipSync } from 'node:zlib';
import { secureJsonHeaders, secureJsonResponse } from './headers.ts';
import { createStringMemo } from './string-memo.ts';

/** Below this, gzip saves the client less than the framing costs. */
const MIN_GZIP_BYTES = 1024;

interface Body {
  bytes: Buffer;
  headers: Readonly<Record<string, string>>;
}

interface Encoded {
  identity: Body;
  gzip?: Body;
}

/** Bytes of values that are kept and handed out again while they hold (cached queue pages). */
const encodings = new WeakMap<object, Encoded>();

/** Accept-Encoding decisions by header: a client sends the same header on every request. */
const gzipByHeader = createStringMemo<boolean>(64, 512);

/** Whether an Accept-Encoding header takes gzip (`gzip` or `*`, not with q=0), memoised per header. */
export function acceptsGzip(header: string | undefined): boolean {
  return header ? gzipByHeader.get(header, parseAcceptsGzip) : false;
}

function parseAcceptsGzip(header: string): boolean {
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [coding = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    weights.set(coding, q === undefined ? 1 : Number(q.slice(2)));
  }
  const weight = weights.get('gzip') ?? weights.get('*');
  return weight !== undefined && weight > 0;
}

/**
 * A JSON answer for a value its owner hands out unchanged while it holds (a cached page): the
 * serialised bytes, and their gzip for clients that take it (every browser does), are made once
 * per value instead of once per request.
 */
export function cachedJsonResponse(value: object, acceptEncoding: string | undefined): Response {
  let enc = encodings.get(value);
  if (!enc) {
    const bytes = Buffer.from(JSON.stringify(value));
    enc = { identity: { bytes, headers: secureJsonHeaders(bytes.byteLength, { vary: 'accept-encoding' }) } };
    encodings.set(value, enc);
  }
  let body = enc.identity;
  if (body.bytes.byteLength >= MIN_GZIP_BYTES && acceptsGzip(acceptEncoding)) {
    if (!enc.gzip) {
      const bytes = gzipSync(body.bytes);
      const extra = { 'content-encoding': 'gzip', vary: 'accept-encoding' };
      enc.gzip = { bytes, headers: secureJsonHeaders(bytes.byteLength, extra) };
    }
    body = enc.gzip;
  }
  return secureJsonResponse(body.bytes, body.headers);
}
