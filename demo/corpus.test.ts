import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deriveTitle, extractPrice, loadCorpus, sellerName } from './corpus.ts';

const dirs: string[] = [];
function corpusDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-corpus-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const good = {
  id: 'x-1',
  lang: 'fr',
  platform: 'forum',
  title: 't',
  text: 'x',
  labels: [],
  substances: [],
  commune: null,
  contacts: [],
  actor: null,
  hard_negative: false,
  note: 'n',
};

describe('loadCorpus', () => {
  it('reads the bundled corpus', () => {
    const items = loadCorpus();
    expect(items.length).toBeGreaterThan(600);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
  });

  it('names the file, line and field of a bad item', () => {
    const dir = corpusDir({
      'a.jsonl': `${JSON.stringify(good)}\n\n${JSON.stringify({ ...good, id: 'x-2', platform: 'blog' })}\n`,
    });
    expect(() => loadCorpus(dir)).toThrow(/a\.jsonl:3: field "platform"/);
    const broken = corpusDir({ 'b.jsonl': '{"id": \n' });
    expect(() => loadCorpus(broken)).toThrow(/b\.jsonl:1: not JSON/);
    const dup = corpusDir({ 'c.jsonl': `${JSON.stringify(good)}\n${JSON.stringify(good)}\n` });
    expect(() => loadCorpus(dup)).toThrow(/c\.jsonl:2: duplicate id "x-1"/);
    expect(() => loadCorpus(corpusDir({}))).toThrow(/no \.jsonl file/);
    expect(() => loadCorpus(join(tmpdir(), 'vigie-no-such-dir'))).toThrow(/cannot read/);
  });
});

describe('item details', () => {
  it('extracts the first stated price', () => {
    expect(extractPrice('Lampe 25€ les 4')).toEqual({ display: '25 €', amount: 25 });
    expect(extractPrice('Maison 349.000€, jardin')).toEqual({ display: '349.000 €', amount: 349000 });
    expect(extractPrice('croissant 2,50€ pièce')).toEqual({ display: '2,50 €', amount: 2.5 });
    expect(extractPrice('prix: € 40 à discuter')).toEqual({ display: '40 €', amount: 40 });
    expect(extractPrice('vendu 120 euros')).toEqual({ display: '120 €', amount: 120 });
    expect(extractPrice('appelle le 0470 55 51 23')).toBeNull();
  });

  it('derives a title from the first line, cut at a word', () => {
    expect(deriveTitle('\nCourt titre\nsuite')).toBe('Court titre');
    const long = deriveTitle('mot '.repeat(40));
    expect(long.length).toBeLessThanOrEqual(71);
    expect(long.endsWith('mot…')).toBe(true);
  });

  it('gives one account name per actor, and a stable one per item otherwise', () => {
    expect(sellerName({ id: 'a', actor: 'fA3' })).toBe('user_fa3');
    expect(sellerName({ id: 'b', actor: 'fA3' })).toBe('user_fa3');
    expect(sellerName({ id: 'c', actor: null })).toBe(sellerName({ id: 'c', actor: null }));
    expect(sellerName({ id: 'c', actor: null })).toMatch(/^membre\d{4}$/);
  });
});
