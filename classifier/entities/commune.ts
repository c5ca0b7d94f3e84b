/** Brussels commune from French / Dutch names, postal codes 1000–1210 and well-known places. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AppError } from '../../domain/errors.ts';
import { normaliseTerm } from '../normalise.ts';
import type { NormalisedText } from '../normalise.ts';

export const communesFileSchema = z.object({
  communes: z.array(
    z.object({ name: z.string(), nl: z.string(), postal: z.array(z.string()), places: z.array(z.string()) }),
  ),
});
export type CommunesFile = z.infer<typeof communesFileSchema>;

/** A commune mention, in normalised-text offsets. */
export interface CommuneHit {
  commune: string;
  kind: 'name' | 'place' | 'postal' | 'city';
  start: number;
  end: number;
}

/** Resolves the commune a text locates itself in. */
export interface CommuneResolver {
  find(
    n: NormalisedText,
    original: string,
    excluded: ReadonlyArray<{ start: number; end: number }>,
  ): CommuneHit[];
  // `excluded`: ranges of the original text already taken by contacts and prices.
  resolve(hits: readonly CommuneHit[]): string | null;
}

const DEFAULT_FILE = fileURLToPath(new URL('./../data/communes.json', import.meta.url));

// Short forms people write; the file lists the official names only.
const EXTRA_NAMES: Record<string, string[]> = {
  'Saint-Gilles': [
    'st gilles',
    'st-gilles',
    'sint gillis',
    'parvis',
    'voorplein',
    'midi',
    'zuid',
    'brussel zuid',
    'bxl zuid',
    'south station',
    'brussels south',
  ],
  'Saint-Josse-ten-Noode': ['saint josse', 'st josse', 'sint joost', 'st joost'],
  'Molenbeek-Saint-Jean': ['molenbeek', 'molenbeek st jean', 'sint jans molenbeek', 'mlbk'],
  'Woluwe-Saint-Lambert': ['woluwe st lambert', 'sint lambrechts woluwe', 'wsl'],
  'Woluwe-Saint-Pierre': ['woluwe st pierre', 'sint pieters woluwe', 'wsp'],
  'Berchem-Sainte-Agathe': ['berchem', 'berchem ste agathe', 'st agatha berchem'],
  'Watermael-Boitsfort': ['watermael', 'boitsfort', 'bosvoorde', 'watermaal'],
  Bruxelles: [
    'bruxelles ville',
    'bruxelles centre',
    'brussel centrum',
    'brussels centre',
    'brussels center',
    'centre ville',
    'pentagone',
  ],
  Ixelles: ['fernand cocq', 'chatelain', 'ulb', 'vub'],
  Schaerbeek: ['liedts', 'meiser', 'gare du nord', 'brussel noord'],
};
// Generic names of the city: Bruxelles only if nothing more precise is written.
const CITY_NAMES = ['bruxelles', 'brussel', 'brussels', 'bxl', 'bx', 'brux'];
// Places that are also ordinary words: only when written with a capital letter.
const CAPITALISED_ONLY = new Set([
  'forest',
  'delta',
  'bourse',
  'beurs',
  'yser',
  'barriere',
  'montgomery',
  'simonis',
  'la roue',
  'haren',
  'merode',
  'botanique',
  'midi',
  'zuid',
  'parvis',
]);
// Units and currencies after a number: "1200€", "1000W", "1050 g", "1190m²" are not postal codes.
const NOT_POSTAL_AFTER =
  /^\s?(?:€|eur|e\b|euro|w\b|watt|kw|g\b|gr\b|kg|mg|ml|l\b|m2|m²|m\b|km|x\b|%|cl|cm|pcs|pieces|stuks|planten|plants|lampes|lampen|\/g|\/mois|\/maand|\/month)/;

/** Loads the communes file (default: classifier/data/communes.json) and builds a resolver. */
export function createCommuneResolver(file: string = DEFAULT_FILE): CommuneResolver {
  let data: CommunesFile;
  try {
    data = communesFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (cause) {
    throw new AppError('validation', `cannot read communes file ${file}`, { cause });
  }
  const names: Array<{ re: RegExp; commune: string; kind: CommuneHit['kind']; capital: boolean }> = [];
  const postal = new Map<string, string>();
  const addName = (raw: string, commune: string, kind: CommuneHit['kind']): void => {
    const term = normaliseTerm(raw).replace(/[-\s']+/g, ' ');
    if (!term) return;
    const variants = new Set([
      term,
      term.replace(/\bsaint\b/g, 'st').replace(/\bsainte\b/g, 'ste'),
      term.replace(/\bsint\b/g, 'st'),
    ]);
    for (const v of variants) {
      const body = v
        .split(' ')
        .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join(String.raw`[\s'-]+`);
      names.push({
        re: new RegExp(String.raw`(?<![\p{L}\p{N}])${body}(?![\p{L}\p{N}])`, 'gu'),
        commune,
        kind,
        capital: CAPITALISED_ONLY.has(v),
      });
    }
  };
  for (const c of data.communes) {
    addName(c.name, c.name, 'name');
    addName(c.nl, c.name, 'name');
    for (const p of c.places) addName(p, c.name, 'place');
    for (const p of EXTRA_NAMES[c.name] ?? []) addName(p, c.name, 'place');
    for (const p of c.postal) postal.set(p, c.name);
  }
  for (const city of CITY_NAMES) addName(city, 'Bruxelles', 'city');

  return {
    find(n, original, excluded) {
      const hits: CommuneHit[] = [];
      const taken = (s: number, e: number): boolean => {
        const os = n.starts[s] as number;
        const oe = n.ends[e - 1] as number;
        return excluded.some((x) => os < x.end && oe > x.start) || hits.some((h) => s < h.end && e > h.start);
      };
      for (const { re, commune, kind, capital } of names) {
        for (const m of n.text.matchAll(re)) {
          const end = m.index + m[0].length;
          if (capital && !/\p{Lu}/u.test(original.charAt(n.starts[m.index] as number))) continue;
          if (!taken(m.index, end)) hits.push({ commune, kind, start: m.index, end });
        }
      }
      for (const m of n.text.matchAll(/(?<![\d.,€$+])(1[0-2]\d\d)(?!\d|[.,]\d)/g)) {
        const commune = postal.get(m[1] as string);
        const end = m.index + 4;
        if (!commune || NOT_POSTAL_AFTER.test(n.text.slice(end, end + 8))) continue;
        if (/[€$]\s?$/.test(n.text.slice(Math.max(0, m.index - 2), m.index))) continue;
        if (!taken(m.index, end)) hits.push({ commune, kind: 'postal', start: m.index, end });
      }
      return hits.sort((a, b) => a.start - b.start);
    },
    resolve(hits) {
      const precise = hits.filter((h) => h.kind !== 'city');
      if (precise.length === 0) return hits.length > 0 ? 'Bruxelles' : null;
      return (precise[0] as CommuneHit).commune;
    },
  };
}
