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

/** Whether the code point is a Unicode letter or number (`[\p{L}\p{N}]`). */
export function isLetterOrNumberCp(cp: number): boolean {
  if (cp < 128) return (cp >= 97 && cp <= 122) || (cp >= 65 && cp <= 90) || (cp >= 48 && cp <= 57);
  return (classOf(cp) & (IS_LETTER | IS_NUMBER)) !== 0;
}
