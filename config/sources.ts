import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { AppError } from '../domain/errors.ts';
import { sourceSchema, type Source } from '../domain/source.ts';
import { describeConfigIssues } from './load.ts';

/** `${name}` placeholders in source files, e.g. `${demo.classifieds}` → the demo site's base URL. */
export type SourceVariables = Record<string, string>;

function substitute(text: string, vars: SourceVariables, file: string): string {
  return text.replace(/\$\{([\w.-]+)\}/g, (_match, name: string) => {
    const value = vars[name];
    if (value === undefined) {
      throw new AppError(
        'config',
        `${file}: unknown placeholder \${${name}} (known: ${Object.keys(vars).join(', ') || 'none'})`,
      );
    }
    return value;
  });
}

function sourceFiles(path: string): string[] {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (cause) {
    throw new AppError('config', `sources: cannot read ${path}: ${(cause as Error).message}`, { cause });
  }
  if (!isDir) return [path];
  return readdirSync(path)
    .filter((name) => ['.yaml', '.yml'].includes(extname(name)))
    .sort()
    .map((name) => join(path, name));
}

/** Whether a source file only makes sense with the bundled demo sites running. */
function usesDemo(text: string): boolean {
  return text.includes('${demo.');
}

export interface LoadSourcesOptions {
  vars?: SourceVariables;
  /** Skip files that point at the demo sites (when the demo is disabled). */
  skipDemo?: boolean;
}

/** Reads and validates every source (one source or a list per YAML file); ids must be unique. */
export function loadSources(path: string, options: LoadSourcesOptions = {}): Source[] {
  const sources: Source[] = [];
  for (const file of sourceFiles(path)) {
    const raw = readFileSync(file, 'utf8');
    if (options.skipDemo && usesDemo(raw)) continue;
    let parsed: unknown;
    try {
      parsed = parseYaml(substitute(raw, options.vars ?? {}, file));
    } catch (cause) {
      if (cause instanceof AppError) throw cause;
      throw new AppError('config', `${file} is not valid YAML: ${(cause as Error).message}`, { cause });
    }
    const entries = Array.isArray(parsed) ? parsed : [parsed];
    entries.forEach((entry, index) => {
      const result = sourceSchema.safeParse(entry);
      if (!result.success) {
        const where = entries.length > 1 ? `${file} (source #${index + 1})` : file;
        throw new AppError(
          'config',
          `invalid source in ${where}:\n${describeConfigIssues(result.error, entry)}`,
          {
            details: result.error.issues,
          },
        );
      }
      if (sources.some((s) => s.id === result.data.id)) {
        throw new AppError('config', `${file}: duplicate source id "${result.data.id}"`);
      }
      sources.push(result.data);
    });
  }
  return sources;
}
