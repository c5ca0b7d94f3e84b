/**
 * Unicode letter / number tests for code points, cached per BMP code unit: the `\p{L}` and `\p{N}`
 * regexes cost far more than a table read, and listings reuse the same few hundred characters.
 */
const LETTER = /^\p{L}$/u;
const NUMBER = /^\p{N}$/u;
const KNOWN = 1;
const IS_LETTER = 2;
const IS_NUMBER = 4;
const bmp = new Uint8Array(0x10000);

function classify(cp: number): number {
  const ch = String.fromCodePoint(cp);
  return KNOWN | (LETTER.test(ch) ? IS_LETTER : 0) | (NUMBER.test(ch) ? IS_NUMBER : 0);
}

function classOf(cp: number): number {
  if (cp > 0xffff) return classify(cp); // astral letters are rare: no cache
  let v = bmp[cp] as number;
  if (v === 0) bmp[cp] = v = classify(cp);
  return v;
}

/** Whether the code point is a Unicode letter (`\p{L}`); a lone surrogate is not. */
export function isLetterCp(cp: number): boolean {
  if (cp < 128) return (cp >= 97 && cp <= 122) || (cp >= 65 && cp <= 90);
  return (classOf(cp) & IS_LETTER) !== 0;
}

/** Whether the code unit is an ASCII letter or digit (`[a-zA-Z0-9]`). */
export const isAsciiAlnum = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);

/** Whether the code point is a Unicode letter or number (`[\p{L}\p{N}]`). */
export function isLetterOrNumberCp(cp: number): boolean {
  if (cp < 128) return isAsciiAlnum(cp);
  return (classOf(cp) & (IS_LETTER | IS_NUMBER)) !== 0;
}

// The input's UTF-16 code units, copied in one native call: once any class in the process extends
// String (ioredis and node-redis do), V8's `charCodeAt` costs ~10 ns, a typed-array read ~0.5 ns.
// Buffer.write keeps lone surrogates; the view reads units in the machine's byte order (checked).
let unitBytes = Buffer.allocUnsafeSlow(8192);
let unitView = new Uint16Array(unitBytes.buffer, unitBytes.byteOffset, unitBytes.length >> 1);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The code units of `input`, in the first `input.length` entries of a shared array (valid until the next call). */
export function codeUnits(input: string): Uint16Array {
  if (!LITTLE_ENDIAN) return Uint16Array.from(input, (_, i) => input.charCodeAt(i));
  if (input.length > unitView.length) {
    unitBytes = Buffer.allocUnsafeSlow(input.length * 4);
    unitView = new Uint16Array(unitBytes.buffer, unitBytes.byteOffset, unitBytes.length >> 1);
  }
  unitBytes.write(input, 0, 'utf16le');
  return unitView;
}
