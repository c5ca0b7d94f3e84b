import { createHash } from 'node:crypto';
import { foldText } from './paging.ts';

/** Estimated Jaccard similarity of word sets from which two listings count as reposts. */
export const NEAR_DUPLICATE_SIMILARITY = 0.6;

const HASHES = 64;
const ROWS_PER_BAND = 4;

/** Normalised words: lower case, no diacritics, one-letter words dropped. */
function words(text: string): Set<string> {
  return new Set(
    foldText(text)
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 1),
  );
}

/**
 * MinHash signature (64 values) of a text's set of words. Two hashes per word from MD5 derive the
 * 64 (Kirsch–Mitzenmacher), so one digest per word is enough.
 */
export function minhash(text: string): number[] {
  const signature = new Array<number>(HASHES).fill(0xffffffff);
  for (const word of words(text)) {
    const digest = createHash('md5').update(word).digest();
    const h1 = digest.readUInt32LE(0);
    const h2 = digest.readUInt32LE(4) | 1;
    for (let i = 0; i < HASHES; i++) {
      const h = (h1 + Math.imul(i, h2)) >>> 0;
      if (h < signature[i]!) signature[i] = h;
    }
  }
  return signature;
}

/** Share of equal positions: an estimate of the Jaccard similarity of the two word sets. */
export function similarity(a: readonly number[], b: readonly number[]): number {
  let same = 0;
  for (let i = 0; i < HASHES; i++) if (a[i] === b[i]) same++;
  return same / HASHES;
}

/**
 * LSH band keys (16 bands of 4 rows): texts with Jaccard ≥ 0.6 share a band with probability
 * above 0.9, unrelated texts almost never, so only band matches need comparing.
 */
export function bandKeys(signature: readonly number[]): string[] {
  const keys: string[] = [];
  for (let band = 0; band < HASHES / ROWS_PER_BAND; band++) {
    const rows = signature.slice(band * ROWS_PER_BAND, (band + 1) * ROWS_PER_BAND);
    keys.push(`${band}:${createHash('md5').update(rows.join(',')).digest('base64url').slice(0, 12)}`);
  }
  return keys;
}
