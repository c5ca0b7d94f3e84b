import { describe, expect, it } from 'vitest';
import { mayBeQuoted } from './features.ts';

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
