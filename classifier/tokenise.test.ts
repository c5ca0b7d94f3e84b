import { describe, expect, it } from 'vitest';
import { createWordMemo, detectLanguage, stem, tokenise } from './tokenise.ts';

const plain = (text: string) => tokenise(text).map(({ text, start, end }) => ({ text, start, end }));

const words = (text: string): string[] => tokenise(text).map((t) => text.slice(t.start, t.end));

describe('tokenise', () => {
  it('splits on everything but letters, digits and underscores, with offsets', () => {
    expect(plain('10€/g, emo_leaf  ok')).toEqual([
      { text: '10', start: 0, end: 2 },
      { text: 'g', start: 4, end: 5 },
      { text: 'emo_leaf', start: 7, end: 15 },
      { text: 'ok', start: 17, end: 19 },
    ]);
  });

  it('keeps letters outside the BMP and non-Latin scripts in words, lone surrogates out', () => {
    expect(words('𝐰eed жена ٣x a\ud800b 𠀀')).toEqual(['𝐰eed', 'жена', '٣x', 'a', 'b', '𠀀']);
    expect(words('')).toEqual([]);
    expect(words('🍁 !!')).toEqual([]);
  });

  it('gives the same tokens for a text longer than its scratch buffer', () => {
    const long = 'mot '.repeat(5000);
    expect(tokenise(long)).toHaveLength(5000);
    expect(plain(long)[4999]).toEqual({ text: 'mot', start: 19996, end: 19999 });
  });
});

describe('words', () => {
  it('gives every occurrence of a token, in any listing, the same word; different tokens different ones', () => {
    const [a, b, c] = tokenise('weed WEED weed');
    const [d] = tokenise('x weed').slice(1);
    expect(a!.word).toBe(c!.word);
    expect(a!.word).toBe(d!.word);
    expect(a!.word).not.toBe(b!.word);
    expect(a!.word.text).toBe('weed');
    expect(tokenise('les de the').map((t) => t.word.stopMask)).toEqual([1, 3, 4]);
  });

  it('memoises per word: computed once however often the word occurs', () => {
    const seen: string[] = [];
    const length = createWordMemo((w) => {
      seen.push(w.text);
      return w.text.length;
    });
    const tokens = tokenise('menu beuh menu menu beuh');
    expect(tokens.map((t) => length(t.word))).toEqual([4, 4, 4, 4, 4]);
    expect(seen).toEqual(['menu', 'beuh']);
  });
});

describe('detectLanguage and stem', () => {
  it('picks the language with the most stop words and stems with its stemmer', () => {
    expect(detectLanguage(tokenise('je vends de la beuh pour les amis'))).toBe('fr');
    expect(detectLanguage(tokenise('ik verkoop het voor een vriend'))).toBe('nl');
    expect(stem('livraisons', 'fr')).toBe(stem('livraison', 'fr'));
  });
});
