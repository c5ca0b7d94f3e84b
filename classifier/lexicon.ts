/** Lexicons: reviewed YAML data (classifier/lexicons/*.yaml) compiled into a token-sequence matcher. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { AppError } from '../domain/errors.ts';
import { normaliseTerm } from './normalise.ts';
import { createWordMemo } from './tokenise.ts';
import type { Token } from './tokenise.ts';

const termList = z.array(z.union([z.string(), z.number()]).transform(String));
export const substanceLexiconSchema = z.object({
  substances: z.record(z.string(), z.object({ strong: termList, ambiguous: termList })),
});
export const cueLexiconSchema = z.object({
  label: z.enum(['market', 'production', 'counter']),
  categories: z.record(z.string(), z.object({ weight: z.number(), terms: termList })),
});
export type SubstanceLexicon = z.infer<typeof substanceLexiconSchema>;
export type CueLexicon = z.infer<typeof cueLexiconSchema>;

/** All lexicons, as read from YAML. */
export interface Lexicons {
  substances: SubstanceLexicon;
  cues: CueLexicon[];
}

/** One lexicon entry: `group` is `substance.cannabis.strong` or `market.menu`. */
export interface LexiconEntry {
  group: string;
  weight: number;
}

/** A lexicon hit, in normalised-text offsets. */
export interface LexiconHit extends LexiconEntry {
  term: string;
  start: number;
  end: number;
}

interface Pattern {
  tokens: string[];
  prefix: boolean;
  entry: LexiconEntry;
  term: string;
}

/** A compiled lexicon matcher. */
export interface LexiconMatcher {
  match(tokens: readonly Token[]): LexiconHit[];
  groups: readonly string[];
  weightOf(group: string): number;
}

const DEFAULT_DIR = fileURLToPath(new URL('./lexicons/', import.meta.url));
const CUE_FILES = ['market.yaml', 'production.yaml', 'counter.yaml'];

function readYaml<T>(file: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new AppError('validation', `cannot read lexicon ${file}`, { cause });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('validation', `lexicon ${file}: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}

/** Reads and validates the YAML lexicons of a directory (default: classifier/lexicons). */
export function loadLexicons(dir: string = DEFAULT_DIR): Lexicons {
  return {
    substances: readYaml(`${dir}/substances.yaml`, substanceLexiconSchema),
    cues: CUE_FILES.map((f) => readYaml(`${dir}/${f}`, cueLexiconSchema)),
  };
}

const squeeze = (s: string): string => s.replace(/(\p{L})\1+/gu, '$1');
const DOUBLE = /(\p{L})\1/u;

/** Compiles lexicons into a matcher that finds multi-word terms, prefixes (`term*`) and elongated spellings. */
export function compileLexicons(lex: Lexicons): LexiconMatcher {
  const exact = new Map<string, Pattern[]>();
  const squeezed = new Map<string, Pattern[]>();
  const prefixes = new Map<string, Pattern[]>();
  // The first 3 characters of each prefix term: most words start like none, and skip its ~18 look-ups.
  const prefixHeads = new Set<string>();
  const weights = new Map<string, number>();
  const add = (map: Map<string, Pattern[]>, key: string, p: Pattern): void => {
    const list = map.get(key);
    if (list) list.push(p);
    else map.set(key, [p]);
  };
  const addTerm = (raw: string, entry: LexiconEntry): void => {
    const prefix = raw.endsWith('*');
    const term = normaliseTerm(prefix ? raw.slice(0, -1) : raw);
    const tokens = term.match(/[\p{L}\p{N}_]+/gu);
    if (!tokens) return;
    const p: Pattern = { tokens, prefix, entry, term: raw };
    const first = tokens[0] as string;
    if (prefix && tokens.length === 1) {
      add(prefixes, first, p);
      prefixHeads.add(first.slice(0, 3));
    } else {
      add(exact, first, p);
      if (tokens.length === 1 && DOUBLE.test(first)) add(squeezed, squeeze(first), p);
      else if (tokens.length === 1) add(squeezed, first, p);
    }
    weights.set(entry.group, entry.weight);
  };
  for (const [name, s] of Object.entries(lex.substances.substances)) {
    for (const t of s.strong) addTerm(t, { group: `substance.${name}.strong`, weight: 1 });
    for (const t of s.ambiguous) addTerm(t, { group: `substance.${name}.ambiguous`, weight: 0.3 });
  }
  for (const cue of lex.cues) {
    for (const [cat, c] of Object.entries(cue.categories)) {
      for (const t of c.terms) addTerm(t, { group: `${cue.label}.${cat}`, weight: c.weight });
    }
  }

  const tryPattern = (p: Pattern, tokens: readonly Token[], i: number): number => {
    const n = p.tokens.length;
    if (i + n > tokens.length) return -1;
    for (let k = 1; k < n; k++) {
      const want = p.tokens[k] as string;
      const got = (tokens[i + k] as Token).text;
      const last = k === n - 1;
      if (got === want || (last && p.prefix && got.startsWith(want))) continue;
      return -1;
    }
    return i + n - 1;
  };

  const NONE: Pattern[] = [];
  // The vocabulary of listings is small: each word's candidate patterns are found once.
  const candidatesOf = createWordMemo((word): Pattern[] => {
    const tok = word.text;
    let found = exact.get(tok) ?? [];
    if (found.length === 0 && DOUBLE.test(tok)) found = squeezed.get(squeeze(tok)) ?? [];
    const pre: Pattern[] = [];
    if (prefixHeads.has(tok.slice(0, 3)))
      for (let len = Math.min(tok.length, 20); len >= 3; len--)
        pre.push(...(prefixes.get(tok.slice(0, len)) ?? []));
    return found.length + pre.length === 0 ? NONE : [...found, ...pre];
  });

  return {
    groups: [...weights.keys()].sort(),
    weightOf: (group) => weights.get(group) ?? 0,
    match(tokens) {
      const hits: LexiconHit[] = [];
      for (let i = 0; i < tokens.length; i++) {
        const candidates = candidatesOf((tokens[i] as Token).word);
        if (candidates.length === 0) continue;
        const first = hits.length;
        for (const p of candidates) {
          const end = p.tokens.length === 1 ? i : tryPattern(p, tokens, i);
          if (end < 0) continue;
          let dup = false;
          for (let k = first; k < hits.length && !dup; k++)
            dup = (hits[k] as LexiconHit).group === p.entry.group;
          if (dup) continue;
          const { group, weight } = p.entry;
          hits.push({
            group,
            weight,
            term: p.term,
            start: (tokens[i] as Token).start,
            end: (tokens[end] as Token).end,
          });
        }
      }
      return hits;
    },
  };
}
