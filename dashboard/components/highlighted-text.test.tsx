import { describe, expect, it } from 'vitest';
import type { ExplanationItem } from '../../domain/index.ts';
import { HighlightedText, MAX_TEXT_CHARS, segmentText } from './highlighted-text.tsx';
import { SafeLink } from './bits.tsx';

const item = (
  feature: string,
  spans: [number, number][],
  label: 'market' | 'production' = 'market',
): ExplanationItem => ({
  label,
  feature,
  weight: 1,
  spans: spans.map(([start, end]) => ({ start, end })),
});

describe('segmentText', () => {
  it('cuts the text at span edges and merges overlapping features', () => {
    const segs = segmentText('abcdefgh', [item('x', [[1, 4]]), item('y', [[3, 6]], 'production')]);
    expect(segs.map((s) => [s.text, s.features.join('+')])).toEqual([
      ['a', ''],
      ['bc', 'x'],
      ['d', 'x+y'],
      ['ef', 'y'],
      ['gh', ''],
    ]);
  });

  it('ignores empty, reversed and out-of-range spans', () => {
    const segs = segmentText('abc', [
      item('x', [
        [2, 2],
        [3, 1],
        [-5, -1],
        [10, 20],
      ]),
    ]);
    expect(segs).toEqual([{ text: 'abc', features: [], labels: [] }]);
  });

  it('clamps a span that runs past the end', () => {
    const segs = segmentText('abc', [item('x', [[1, 99]])]);
    expect(segs.map((s) => s.text)).toEqual(['a', 'bc']);
    expect(segs[1]?.features).toEqual(['x']);
  });
});

describe('HighlightedText', () => {
  it('marks spans in title and text, split around the joining newline', async () => {
    const title = 'Weed 420';
    const text = 'Livraison Ixelles, weed dispo';
    // "weed" in the text starts at title.length + 1 + 19.
    const start = title.length + 1 + 19;
    const html = String(
      await (
        <HighlightedText
          title={title}
          text={text}
          explanation={[
            item('weed', [
              [0, 4],
              [start, start + 4],
            ]),
          ]}
        />
      ),
    );
    expect(html).toContain(
      '<h2 class="listing-title"><mark class="hl hl-market" title="weed">Weed</mark> 420</h2>',
    );
    expect(html).toContain('Livraison Ixelles, <mark class="hl hl-market" title="weed">weed</mark> dispo');
  });

  it('escapes hostile markup in text, titles and feature names', async () => {
    const title = '<script>alert(1)</script>';
    const text = '<img src=x onerror="window.pwned=1"> <a href="javascript:alert(1)">x</a>';
    const html = String(
      await (
        <HighlightedText
          title={title}
          text={text}
          explanation={[item('"><svg onload=alert(1)>', [[0, 8]])]}
        />
      ),
    );
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<a href');
    expect(html).not.toContain('<svg');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('&lt;img src=x onerror=&quot;window.pwned=1&quot;&gt;');
  });

  it('caps very long texts', async () => {
    const html = String(
      await (<HighlightedText title="t" text={'a'.repeat(MAX_TEXT_CHARS + 500)} explanation={[]} />),
    );
    expect(html.split('a').length - 1).toBeLessThanOrEqual(MAX_TEXT_CHARS + 20);
    expect(html).toContain('[…]');
  });
});

describe('SafeLink', () => {
  it('links http(s) only and renders other schemes as text', async () => {
    expect(String(await (<SafeLink href="https://ex.test/a?b=1&c=2">go</SafeLink>))).toContain(
      'href="https://ex.test/a?b=1&amp;c=2"',
    );
    for (const href of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<b>x</b>',
      'vbscript:x',
      'not a url',
    ]) {
      const html = String(await (<SafeLink href={href}>go</SafeLink>));
      expect(html).not.toContain('href=');
      expect(html).toContain('class="unsafe-link"');
    }
  });
});
