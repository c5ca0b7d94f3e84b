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
    // letters outside the BMP are two code units: only the separators go
    expect(normalise('𠀀 b c').text).toBe('𠀀bc');
    expect(normalise('x 𝒶 b c').text).toBe('xabc');
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

describe('normalise fast paths', () => {
  const spans = (original: string) => {
    const n = normalise(original);
    return [...n.text].map((_, i) => original.slice(n.starts[i], n.ends[i]));
  };

  it('maps ASCII and accented text one character to one character', () => {
    const n = normalise('Ça COÛTE 10€');
    expect(n.text).toBe('ca coute 10€');
    expect(Array.from(n.starts)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(Array.from(n.ends)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(normalise('ÉCSTASY À IXELLES').text).toBe('ecstasy a ixelles');
  });

  it('keeps offsets of characters that fold to several or no units', () => {
    const original = 'ﬁne Œuvre x\u200dy';
    const n = normalise(original);
    expect(n.text).toBe('fine oeuvre xy');
    expect(spans(original)).toEqual(['ﬁ', 'ﬁ', 'n', 'e', ' ', 'Œ', 'Œ', 'u', 'v', 'r', 'e', ' ', 'x', 'y']);
  });

  it('names an emoji or a flag at the very end', () => {
    expect(normalise('dispo 🍁').text).toBe('dispo  emo_leaf ');
    expect(normalise('dispo 🇧🇪').text).toBe('dispo  emo_flag_be ');
    expect(
      spans('x🔌')
        .slice(1)
        .every((s) => s === '🔌'),
    ).toBe(true);
  });

  it('keeps a leading U+FEFF and lone surrogates as they are', () => {
    expect(normalise('\ufeffWeed').text).toBe('\ufeffweed');
    expect(normalise('a\ud800B').text).toBe('a\ud800b');
    expect(normalise('\udc00c0ke').text).toBe('\udc00coke');
  });

  it('squeezes repeats that only appear once spaced letters are joined', () => {
    expect(normalise('w e e e d').text).toBe('weed');
    expect(normalise('W.É.É.É.D dispo').text).toBe('weed dispo');
    expect(normalise('🍁 c o o o k e 🍁').text).toBe(' emo_leaf  cooke  emo_leaf ');
  });

  it('squeezes repeats of accented and non-Latin letters, not of digits or dots', () => {
    expect(normalise('WÉÉÉÉD').text).toBe('weed');
    expect(normalise('жжжж').text).toBe('жж');
    expect(normalise('1000€ ... !!!').text).toBe('1000€ ... !!!');
  });

  it('undoes leetspeak unit by unit next to astral letters, e-mail domains and token ends', () => {
    expect(normalise('d3𐐨l 𐐨0𐐩 12𐐨𐐩').text).toBe('de𐐨l 𐐨0𐐩 12𐐨𐐩');
    expect(normalise('h00ked w33d! w!!d $$$ab').text).toBe('hooked weed! wiid $ssab');
    expect(normalise('s3ll@h0me.be w@ter @w3ed').text).toBe('sell@home.be water @w3ed');
    expect(normalise('İ5tanbul \u212a3ta w33d\ud800').text).toBe('istanbul keta weed\ud800');
    // the token around a leet character reaches over astral letters, not over lone surrogates
    expect(normalise('𐐨d3l x𐐨𐐩d3l𐐨 c0k3').text).toBe('𐐨del x𐐨𐐩del𐐨 coke');
    expect(normalise('w\ud8003d w\udc003d \ud801\ud801\ud801\udc28').text).toBe(
      'w\ud8003d w\udc003d \ud801\ud801\ud801\udc28',
    );
  });

  it('finds leetspeak at its new place once spaced letters are joined or repeats cut', () => {
    expect(normalise('b e u h c0ke').text).toBe('beuh coke');
    expect(normalise('weeeeed c0ke w33d').text).toBe('weed coke weed');
    expect(normalise('w e e e d c0ke').text).toBe('weed coke');
  });

  it('handles a 20,000-character hostile text in bounded work, offsets intact', () => {
    const hostile = ('W e e d 🍁c0ke ÉÉÉ\ud800 '.repeat(1000) + 'x').slice(0, 20_000);
    const n = normalise(hostile);
    expect(n.starts.length).toBe(n.text.length);
    expect(n.ends.length).toBe(n.text.length);
    let ordered = true;
    for (let i = 1; i < n.text.length; i++)
      ordered &&= n.starts[i]! >= n.starts[i - 1]! && n.ends[i]! > n.starts[i]!;
    expect(ordered).toBe(true);
    expect(n.text.startsWith('weed  emo_leaf coke ee\ud800 weed')).toBe(true);
  });

  it('returns offset maps that later calls do not overwrite', () => {
    const first = normalise('Signal: 0491 555 624');
    const copy = [first.text, Array.from(first.starts), Array.from(first.ends)];
    for (let i = 0; i < 200; i++) normalise(`Listing ${i} `.repeat(20));
    expect([first.text, Array.from(first.starts), Array.from(first.ends)]).toEqual(copy);
  });
});
