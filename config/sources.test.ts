import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configErrorMessage } from './test-support.ts';
import { loadSources } from './sources.ts';
import { testDir } from '../test-support/temp-dir.ts';

const feed = (id: string, url = '${demo.feed}/rss.xml') =>
  `id: ${id}\nname: Feed ${id}\nkind: feed\nstartUrls: ['${url}']\nextract: { kind: feed }\n`;

function dirWith(files: Record<string, string>): string {
  const dir = testDir('sources');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('loadSources', () => {
  it('reads every YAML file of a directory, substitutes ${demo.*} and applies defaults', () => {
    const dir = dirWith({ 'a.yaml': feed('a'), 'b.yml': feed('b'), 'notes.txt': 'ignored' });
    const sources = loadSources(dir, { vars: { 'demo.feed': 'http://127.0.0.1:9999' } });
    expect(sources.map((s) => s.id)).toEqual(['a', 'b']);
    expect(sources[0]!.startUrls).toEqual(['http://127.0.0.1:9999/rss.xml']);
    expect(sources[0]!.robots).toBe('obey');
    expect(sources[0]!.allowPrivateNetwork).toBe(false);
  });

  it('skips demo sources when the demo is off, keeps the others', () => {
    const dir = dirWith({
      'demo.yaml': feed('demo'),
      'real.yaml': feed('real', 'https://news.example/rss.xml'),
    });
    expect(loadSources(dir, { skipDemo: true }).map((s) => s.id)).toEqual(['real']);
  });

  it('names the file and the field of an invalid source', () => {
    const dir = dirWith({ 'bad.yaml': feed('Bad Id', 'https://x.example/rss') });
    const message = configErrorMessage(() => loadSources(dir));
    expect(message).toContain('bad.yaml');
    expect(message).toContain('id: got "Bad Id"');
  });

  it('refuses unknown placeholders, duplicate ids, broken YAML and a missing path', () => {
    expect(configErrorMessage(() => loadSources(dirWith({ 'a.yaml': feed('a') })))).toContain(
      'unknown placeholder ${demo.feed}',
    );
    const dup = dirWith({
      'a.yaml': feed('a', 'https://x.example/a'),
      'b.yaml': feed('a', 'https://x.example/b'),
    });
    expect(configErrorMessage(() => loadSources(dup))).toContain('duplicate source id "a"');
    expect(configErrorMessage(() => loadSources(dirWith({ 'x.yaml': 'id: [oops' })))).toContain(
      'is not valid YAML',
    );
    expect(configErrorMessage(() => loadSources('/nonexistent/sources'))).toContain(
      'cannot read /nonexistent/sources',
    );
  });

  it('accepts the bundled demo sources', () => {
    const vars = Object.fromEntries(
      ['classifieds', 'telegram', 'forum', 'feed', 'shop'].map((n) => [
        `demo.${n}`,
        `http://127.0.0.1:1/${n}`,
      ]),
    );
    expect(
      loadSources('config/sources', { vars })
        .map((s) => s.kind)
        .sort(),
    ).toEqual(['feed', 'forum', 'listing', 'listing', 'telegram']);
  });
});
