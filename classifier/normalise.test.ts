import { describe, expect, it } from 'vitest';
import { normalise, originalSpan } from './normalise.ts';

describe('normalise', () => {
  it('folds case, accents and compatibility forms (NFKC)', () => {
    expect(normalise('Ça COÛTE 10€ à Ixelles').text).toBe('ca coute 10€ a ixelles');
    expect(normalise('ＷＥＥＤ ﬁne').text).toBe('weed fine');
    expect(normalise('Œuvre').text).toBe('oeuvre');
  });

  it('undoes leetspeak inside words', () => {
    expect(normalise('c0ke w33d k3ta h@sj sn@p w!et').text).toBe('coke weed keta hasj snap wiet');
    expect(normalise('b3st3ll3n deliv3ry sign4l').text).toBe('bestellen delivery signal');
  });

  it('leaves numbers with units, handle suffixes and e-mail addresses alone', () => {
    expect(normalise('600w 25mg 100g greenjet1090').text).toBe('600w 25mg 100g greenjet1090');
    expect(normalise('info@chanvre-et-co.be @comptoir1030').text).toBe('info@chanvre-et-co.be @comptoir1030');
    expect(normalise('0470 555 318').text).toBe('0470 555 318');
  });

  it('joins spaced and dotted letters', () => {
    expect(normalise('b e u h dispo').text).toBe('beuh dispo');
    expect(normalise('w.i.e.t').text).toBe('wiet');
    expect(normalise('s n a p : greenleaf').text).toBe('snap : greenleaf');
    // two letters are not enough to be sure ("y a", "t g" stay)
    expect(normalise('il y a').text).toBe('il y a');
    expect(normalise('t.me/x').text).toBe('t.me/x');
  });

  it('finds spaced letters and repeats wherever they sit (start, end, next to emoji, leetspeak)', () => {
    expect(normalise('c o k e').text).toBe('coke');
    expect(normalise('dispo: w.i.e.t').text).toBe('dispo: wiet');
    expect(normalise('🍁 b e u h 🍁').text).toBe(' emo_leaf  beuh  emo_leaf ');
    expect(normalise('dispo k.e.t.a.').text).toBe('dispo keta.');
    expect(normalise('é c s t a').text).toBe('ecsta');
    expect(normalise('weeeeed wiiiet').text).toBe('weed wiiet');
    // a letter run glued to a word or a digit is not spaced writing
    expect(normalise('ab c d').text).toBe('ab c d');
    expect(normalise('a b c1').text).toBe('a b c1');
  });

  it('cuts letters repeated three times or more to two', () => {
    expect(normalise('weeeeed').text).toBe('weed');
    expect(normalise('cooooke').text).toBe('cooke');
    expect(normalise('weed').text).toBe('weed');
  });

  it('names emoji and flags', () => {
    expect(normalise('🍁🔌❄️💊🍄🍫💎').text.trim().split(/\s+/)).toEqual([
      'emo_leaf',
      'emo_plug',
      'emo_snow',
      'emo_pill',
      'emo_mushroom',
      'emo_chocolate',
      'emo_diamond',
    ]);
    expect(normalise('🇲🇦 shit').text.trim()).toBe('emo_flag_ma  shit');
    expect(normalise('🎉 party').text).toBe('  party');
  });

  it('maps every normalised range back to the original text', () => {
    const original = 'ŴEEEED 🍁 c0ke b e u h';
    const n = normalise(original);
    const find = (word: string) => {
      const i = n.text.indexOf(word);
      const s = originalSpan(n, i, i + word.length);
      return original.slice(s.start, s.end);
    };
    expect(find('weed')).toBe('ŴEEEED');
    expect(find('emo_leaf')).toBe('🍁');
    expect(find('coke')).toBe('c0ke');
    expect(find('beuh')).toBe('b e u h');
  });
});
