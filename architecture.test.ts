import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname);
const LAYERS = [
  'domain',
  'config',
  'classifier',
  'crawlers',
  'store',
  'jobs',
  'api',
  'dashboard',
  'bin',
  'demo',
  'bench',
];

/** Which of our top-level folders each layer may import (design.md, "Dependencies point inward"). */
const ALLOWED: Record<string, string[]> = {
  domain: [],
  config: ['domain'],
  classifier: ['domain'],
  crawlers: ['domain', 'config'],
  store: ['domain', 'config'],
  jobs: ['domain', 'config', 'store', 'crawlers', 'classifier', 'test-support'],
  api: ['domain', 'config', 'store', 'jobs', 'crawlers', 'dashboard', 'classifier', 'test-support'],
  dashboard: ['domain', 'config', 'store', 'api', 'jobs', 'crawlers', 'test-support'],
  demo: ['domain', 'config', 'crawlers'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

function importedLayers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g)].map((m) => m[1]!);
  return specifiers.map((s) => relative(ROOT, resolve(file, '..', s)).split('/')[0]!);
}

describe('layering', () => {
  for (const [layer, allowed] of Object.entries(ALLOWED)) {
    it(`${layer}/ imports only ${allowed.join(', ') || 'nothing of ours'}`, () => {
      const violations = sourceFiles(join(ROOT, layer))
        .filter((file) => !file.endsWith('.test.ts') && !file.endsWith('.test.tsx'))
        .flatMap((file) =>
          importedLayers(file)
            .filter((target) => target !== layer && LAYERS.includes(target) && !allowed.includes(target))
            .map((target) => `${relative(ROOT, file)} → ${target}/`),
        );
      expect(violations).toEqual([]);
    });
  }
});
