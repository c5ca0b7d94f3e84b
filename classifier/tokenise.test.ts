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

describe('vocabulary', () => {
  it('tells apart words that share a slot or a prefix, astral letters included', () => {
    // 30,000 distinct words in one listing: many share a slot of the table, which also grows.
    const texts = Array.from({ length: 30_000 }, (_, i) => `w${i.toString(36)}`);
    texts.push('ab', 'abc', 'a', '𝐰eed', '𝐰eee', '𝐰');
    const text = texts.join(' ');
    const first = tokenise(text);
    const again = tokenise(text);
    expect(first.map((t) => t.word.text)).toEqual(texts);
    expect(first.map((t) => t.text)).toEqual(texts);
    expect(new Set(first.map((t) => t.word)).size).toBe(texts.length);
    expect(again.every((t, i) => t.word === first[i]!.word)).toBe(true);
  });

  it('starts again past its bound in words, with new ids, between listings only', () => {
    const before = tokenise('menu')[0]!.word;
    const many = Array.from({ length: 210_000 }, (_, i) => `v${i.toString(36)}`).join(' ');
    const tokens = tokenise(`menu ${many} menu`);
    expect(tokens[0]!.word).toBe(tokens.at(-1)!.word);
    const after = tokenise('menu')[0]!.word;
    expect(after).not.toBe(before);
    expect(after.id).toBeGreaterThan(tokens.at(-1)!.word.id);
    expect(after.text).toBe('menu');
  });

  it('starts again past its bound in code units (a few very long tokens)', () => {
    const before = tokenise('menu')[0]!.word;
    const long = ['a', 'b', 'c'].map((c) => c.repeat(2_000_000));
    expect(tokenise(long.join(' ')).map((t) => t.text)).toEqual(long);
    const after = tokenise('menu')[0]!.word;
    expect(after).not.toBe(before);
    expect(after.text).toBe('menu');
  });

  it('keeps memos right across a reset: a word from before it is computed again', () => {
    const old = tokenise('menu')[0]!.word;
    const length = createWordMemo((w) => w.text.length);
    expect(length(old)).toBe(4);
    tokenise(Array.from({ length: 210_000 }, (_, i) => `m${i}`).join(' '));
    const fresh = tokenise('menu menus')[1]!.word;
    expect([length(old), length(fresh)]).toEqual([4, 5]);
  });
});

describe('detectLanguage and stem', () => {
  it('picks the language with the most stop words and stems with its stemmer', () => {
    expect(detectLanguage(tokenise('je vends de la beuh pour les amis'))).toBe('fr');
    expect(detectLanguage(tokenise('ik verkoop het voor een vriend'))).toBe('nl');
    expect(stem('livraisons', 'fr')).toBe(stem('livraison', 'fr'));
  });
});
