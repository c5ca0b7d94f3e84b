/** The labeled corpus (classifier/data/*.jsonl): loading and validation. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AppError } from '../domain/errors.ts';
import { contactTypeSchema, signalLabelSchema } from '../domain/signal.ts';

export const corpusItemSchema = z.object({
  id: z.string(),
  lang: z.string(),
  platform: z.string().optional(),
  title: z.string().default(''),
  text: z.string(),
  labels: z.array(signalLabelSchema),
  substances: z.array(z.string()).default([]),
  commune: z.string().nullable().default(null),
  contacts: z.array(z.object({ type: contactTypeSchema, value: z.string() })).default([]),
  hard_negative: z.boolean().default(false),
});
export type CorpusItem = z.infer<typeof corpusItemSchema>;

export const DEFAULT_CORPUS_DIR = fileURLToPath(new URL('./data/', import.meta.url));

/** Parses JSONL corpus text; a bad line is an error naming the file and line. */
export function parseCorpus(text: string, file: string): CorpusItem[] {
  const out: CorpusItem[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (cause) {
      throw new AppError('validation', `${file}:${i + 1}: not JSON`, { cause });
    }
    const r = corpusItemSchema.safeParse(raw);
    if (!r.success)
      throw new AppError(
        'validation',
        `${file}:${i + 1}: ${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message}`,
      );
    out.push(r.data);
  });
  return out;
}

/** Loads every `train-*.jsonl` of a directory, sorted by file name (stable order for seeded folds). */
export function loadCorpus(dir: string = DEFAULT_CORPUS_DIR): CorpusItem[] {
  const files = readdirSync(dir)
    .filter((f) => /^train-.*\.jsonl$/.test(f))
    .sort();
  if (files.length === 0) throw new AppError('not_found', `no train-*.jsonl corpus in ${dir}`);
  return files.flatMap((f) => parseCorpus(readFileSync(join(dir, f), 'utf8'), f));
}
