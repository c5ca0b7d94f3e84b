import { describe, expect, it } from 'vitest';
import { detectLanguage, stem, tokenise } from './tokenise.ts';

const words = (text: string): string[] => tokenise(text).map((t) => text.slice(t.start, t.end));

describe('tokenise', () => {
  it('splits on everything but letters, digits and underscores, with offsets', () => {
    expect(tokenise('10€/g, emo_leaf  ok')).toEqual([
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
    expect(tokenise(long)[4999]).toEqual({ text: 'mot', start: 19996, end: 19999 });
  });
});

describe('detectLanguage and stem', () => {
  it('picks the language with the most stop words and stems with its stemmer', () => {
    expect(detectLanguage(tokenise('je vends de la beuh pour les amis'))).toBe('fr');
    expect(detectLanguage(tokenise('ik verkoop het voor een vriend'))).toBe('nl');
    expect(stem('livraisons', 'fr')).toBe(stem('livraison', 'fr'));
  });
});
