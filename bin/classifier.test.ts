import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../test-support/run-command.ts';
import { testDir } from '../test-support/temp-dir.ts';

// No DOTENV_CONFIG_QUIET here: bin/vigie.js must keep stdout clean by itself.
const run = (cmd: string, args: string[], stdin: string) =>
  runCommand(cmd, args, { stdin, env: { DOTENV_CONFIG_QUIET: undefined } });

const lines = (...items: unknown[]) =>
  items.map((i) => (typeof i === 'string' ? i : JSON.stringify(i))).join('\n') + '\n';

describe('vigie classifier classify --jsonl', () => {
  it('writes one JSONL result per input line, in order, and nothing else on stdout', async () => {
    const input = lines(
      { id: 'a', title: 'MENU', text: '🍁 weed 10€/g, livraison Ixelles, tg @menu_bxl_247' },
      { id: 'b', text: '24 canettes de coke zero 33cl, 12€ le pack. Evere.' },
      { id: 3, title: null, text: 'Vends 12 lampes HPS 600W + ballasts, cash, pas de détail. Cureghem.' },
    );
    const { code, stdout, stderr } = await run(
      'node',
      ['bin/vigie.js', 'classifier', 'classify', '--jsonl'],
      input,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out.map((o) => o.id)).toEqual(['a', 'b', 3]);
    for (const o of out) {
      expect(Object.keys(o).sort()).toEqual([
        'commune',
        'contacts',
        'explanation',
        'id',
        'labels',
        'scores',
        'substances',
      ]);
      expect(Object.keys(o.scores).sort()).toEqual(['market', 'production']);
    }
    expect(out[0].labels).toEqual(['market']);
    expect(out[0].commune).toBe('Ixelles');
    expect(out[0].contacts).toEqual([
      { type: 'telegram', value: '@menu_bxl_247', normalized: '@menu_bxl_247' },
    ]);
    expect(out[1].labels).toEqual([]);
    expect(out[1].commune).toBe('Evere');
    expect(out[2].labels).toEqual(['production']);
    expect(out[2].commune).toBe('Anderlecht');
  });

  it('reports bad lines on stderr with their number, keeps the others, and exits non-zero', async () => {
    const input = lines({ id: 'ok1', text: 'weed 10€/g' }, 'not json', { id: 'no-text' }, '', {
      id: 'ok2',
      text: 'tomates bio',
    });
    const { code, stdout, stderr } = await run(
      'node',
      ['bin/vigie.js', 'classifier', 'classify', '--jsonl'],
      input,
    );
    expect(code).toBe(1);
    expect(
      stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).id),
    ).toEqual(['ok1', 'ok2']);
    expect(stderr).toMatch(/line 2: not valid JSON/);
    expect(stderr).toMatch(/line 3: text: /);
    expect(stderr).toMatch(/2 bad line\(s\)/);
  });

  it('keeps stdout pure JSONL through npm run --silent', async () => {
    const { code, stdout } = await run(
      'npm',
      ['run', '--silent', 'classify', '--', '--jsonl'],
      lines({ id: 'x', text: 'c0ke 70/g' }),
    );
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(stdout).id).toBe('x');
  });

  it('refuses classify without --jsonl as a usage error', async () => {
    const { code, stderr } = await run('node', ['bin/vigie.js', 'classifier', 'classify'], '');
    expect(code).toBe(2);
    expect(stderr).toMatch(/--jsonl/);
  });

  it('names a --model file that is not a model artefact, and writes nothing on stdout', async () => {
    const dir = testDir('model');
    const bad = join(dir, 'model.json');
    writeFileSync(bad, JSON.stringify({ format: 'vigie-linear-v1', version: 'x', dims: 1000 }));
    const { code, stdout, stderr } = await run(
      'node',
      ['bin/vigie.js', 'classifier', 'classify', '--jsonl', '--model', bad],
      lines({ id: 'a', text: 'weed' }),
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`${bad} is not a Vigie model artefact`);
    expect(stderr).toMatch(/power of two[\s\S]*dims/);
    expect(stderr).toMatch(/labels/);
  });
});
