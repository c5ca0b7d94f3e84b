import { TextDecoder } from 'node:util';

// Node 20's TextDecoder('windows-1252') decodes 0x80–0x9F as C1 controls (ISO-8859-1 fast path),
// so "€", "’", "œ"… would be lost: those 32 bytes are mapped here (WHATWG windows-1252 index).
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];

function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  const CHUNK = 8192;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const end = Math.min(i + CHUNK, bytes.length);
    const codes = new Array<number>(end - i);
    for (let j = i; j < end; j++) {
      const b = bytes[j]!;
      codes[j - i] = b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80]! : b;
    }
    out += String.fromCharCode(...codes);
  }
  return out;
}

function decoderFor(label: string | null | undefined): TextDecoder | null {
  if (!label) return null;
  try {
    return new TextDecoder(label.trim().replace(/^["']|["']$/g, ''));
  } catch {
    return null;
  }
}

function charsetFromContentType(contentType: string): string | null {
  return /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType)?.[1] ?? null;
}

/** `<meta charset>`, `<meta http-equiv content-type>` or `<?xml encoding>` in the first bytes. */
function charsetFromDocument(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const meta = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  if (meta) return meta[1]!;
  return /<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1] ?? null;
}

function bomEncoding(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return null;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a response body: BOM, then the Content-Type charset, then the document's own
 * declaration; without any, UTF-8 when the bytes are valid UTF-8, else windows-1252 (the web's legacy default).
 */
export function decodeBody(bytes: Uint8Array, contentType: string): { text: string; encoding: string } {
  const decoder =
    decoderFor(bomEncoding(bytes)) ??
    decoderFor(charsetFromContentType(contentType)) ??
    decoderFor(charsetFromDocument(bytes));
  if (decoder) {
    if (decoder.encoding === 'windows-1252')
      return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
    return { text: decoder.decode(bytes), encoding: decoder.encoding };
  }
  try {
    return { text: utf8Strict.decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}
