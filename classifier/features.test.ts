import { describe, expect, it } from 'vitest';
import { mayBeQuoted } from './evidence.ts';
import { LANG_SLOT, fnv, tokenHashes } from './hashing.ts';

// The regex `mayBeQuoted` stands for: two quote marks 3–27 non-quote characters apart.
const MAYBE_QUOTED = /['"‘’“”«][^'"‘’“”«»]{3,27}['"‘’“”»]/;

describe('mayBeQuoted', () => {
  it('agrees with its regex on random texts of quote marks, letters and surrogates', () => {
    const alphabet = ['a', ' ', "'", '"', '‘', '’', '“', '”', '«', '»', '\n', '\uD83C', '\uDF41', 'é'];
    let seed = 7;
    const next = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (let t = 0; t < 20_000; t++) {
      const length = next(60);
      let text = '';
      // Runs of one character make the 3–27 gap boundaries likely.
      while (text.length < length) text += (alphabet[next(alphabet.length)] as string).repeat(1 + next(12));
      expect(mayBeQuoted(text), JSON.stringify(text)).toBe(MAYBE_QUOTED.test(text));
    }
  });

  it('finds the gap bounds exactly', () => {
    expect(mayBeQuoted(`'${'a'.repeat(3)}'`)).toBe(true);
    expect(mayBeQuoted(`'${'a'.repeat(2)}'`)).toBe(false);
    expect(mayBeQuoted(`«${'a'.repeat(27)}»`)).toBe(true);
    expect(mayBeQuoted(`«${'a'.repeat(28)}»`)).toBe(false);
    expect(mayBeQuoted('»abc«')).toBe(false);
    expect(mayBeQuoted(`${'x'.repeat(20_000)}"abcd"`)).toBe(true);
  });
});

describe('tokenHashes', () => {
  /** The hashes the slow and obvious way: FNV-1a over `charCodeAt`. */
  function reference(text: string, mask: number): { word: number; grams: number[] } {
    const numeric = /^\d+$/.test(text);
    const word = numeric ? `#${Math.min(text.length, 5)}` : text;
    const grams: number[] = [];
    if (!numeric && !text.startsWith('emo_')) {
      const s = ` ${word} `;
      for (let i = 0; i + 3 <= s.length; i++)
        for (let n = 3; n <= 5 && i + n <= s.length; n++)
          grams.push(fnv(s.slice(i, i + n), fnv('c:')) & mask);
    }
    return { word: fnv(word, fnv('w:')), grams };
  }

  it('hashes words and char n-grams from code units as FNV-1a over charCodeAt does', () => {
    const mask = (1 << 18) - 1;
    const words = [
      'a',
      'weed',
      'c0ke',
      '12345678',
      'emo_leaf',
      'straße',
      '\uD83C\uDF41x',
      'lone\uD800',
      '\uDC00z',
      'İk',
    ];
    words.push('x'.repeat(30_000)); // longer than the shared code-unit buffer
    for (const text of words) {
      const h = tokenHashes(text, 'fr', LANG_SLOT.fr, mask);
      expect({ word: h.word, grams: [...h.grams] }, text.slice(0, 20)).toEqual(reference(text, mask));
    }
  });
});
