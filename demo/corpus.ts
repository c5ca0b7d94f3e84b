import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AppError } from '../domain/errors.ts';

/** One labeled corpus item (classifier/data/README.md); the demo sites only show a part of it. */
export const corpusItemSchema = z.object({
  id: z.string().min(1),
  lang: z.enum(['fr', 'nl', 'en', 'mixed']),
  platform: z.enum([
    'classifieds',
    'forum',
    'telegram',
    'social',
    'paste',
    'news',
    'shop',
    'jobs',
    'realestate',
  ]),
  title: z.string(),
  text: z.string(),
  labels: z.array(z.enum(['market', 'production'])),
  substances: z.array(z.string()),
  commune: z.string().nullable(),
  contacts: z.array(z.object({ type: z.string(), value: z.string() })),
  actor: z.string().nullable(),
  hard_negative: z.boolean(),
  note: z.string(),
});
export type CorpusItem = z.infer<typeof corpusItemSchema>;
export type Platform = CorpusItem['platform'];

/** The labeled corpus bundled with the project. */
export const DEFAULT_CORPUS_DIR = fileURLToPath(new URL('../classifier/data/', import.meta.url));

/** Reads and validates every `*.jsonl` file of `dir`; a bad line stops with its file, line and problem. */
export function loadCorpus(dir: string = DEFAULT_CORPUS_DIR): CorpusItem[] {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.jsonl'))
      .sort();
  } catch (cause) {
    throw new AppError('config', `demo corpus: cannot read ${dir}: ${(cause as Error).message}`, { cause });
  }
  if (files.length === 0) throw new AppError('config', `demo corpus: no .jsonl file in ${dir}`);
  const items: CorpusItem[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const lines = readFileSync(join(dir, file), 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      const where = `${file}:${index + 1}`;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch (cause) {
        throw new AppError('validation', `demo corpus ${where}: not JSON (${(cause as Error).message})`, {
          cause,
        });
      }
      const parsed = corpusItemSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue?.path.join('.') || '(item)';
        throw new AppError('validation', `demo corpus ${where}: field "${field}": ${issue?.message}`, {
          details: parsed.error.issues,
        });
      }
      if (seen.has(parsed.data.id))
        throw new AppError('validation', `demo corpus ${where}: duplicate id "${parsed.data.id}"`);
      seen.add(parsed.data.id);
      items.push(parsed.data);
    });
  }
  return items;
}

// First amount written with a euro sign or word: "25€", "€ 40", "349.000€", "2,50 euros".
const PRICE_RE =
  /€\s?(\d{1,3}(?:[ .]\d{3})+|\d+)(?:,(\d{1,2}))?|(\d{1,3}(?:[ .]\d{3})+|\d+)(?:[.,](\d{1,2}))?\s?(?:€|euros?\b|eur\b)/i;

/** The first price the text states, as shown ("349.000 €") and as a number, or null. */
export function extractPrice(text: string): { display: string; amount: number } | null {
  const m = PRICE_RE.exec(text);
  if (!m) return null;
  const whole = (m[1] ?? m[3] ?? '').replace(/[ .]/g, '');
  const cents = m[2] ?? m[4];
  const amount = Number(cents ? `${whole}.${cents}` : whole);
  if (!Number.isFinite(amount)) return null;
  const display = `${(m[1] ?? m[3] ?? '').trim()}${cents ? `,${cents}` : ''} €`;
  return { display, amount };
}

/** A stable small hash of a string, for deterministic pseudo-random details (views, reply counts). */
export function stableHash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** A title for platforms that have none (social posts): the first line, cut at a word near 70 chars. */
export function deriveTitle(text: string): string {
  const first = (text.split('\n').find((l) => l.trim() !== '') ?? '').trim();
  if (first.length <= 70) return first;
  const cut = first.slice(0, 70);
  const space = cut.lastIndexOf(' ');
  return `${(space > 40 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** A pseudonymous account name: the corpus actor when set (same actor, same account), else per item. */
export function sellerName(item: Pick<CorpusItem, 'id' | 'actor'>): string {
  if (item.actor) return `user_${item.actor.toLowerCase()}`;
  return `membre${(stableHash(item.id) % 9000) + 1000}`;
}
