/** Brussels commune from French / Dutch names, postal codes 1000–1210 and well-known places. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AppError } from '../../domain/errors.ts';
import { normaliseTerm, originalSpan } from '../normalise.ts';
import type { NormalisedText } from '../normalise.ts';
import { createWordMemo } from '../tokenise.ts';
import type { Token } from '../tokenise.ts';

export const communesFileSchema = z.object({
  communes: z.array(
    z.object({ name: z.string(), nl: z.string(), postal: z.array(z.string()), places: z.array(z.string()) }),
  ),
});
export type CommunesFile = z.infer<typeof communesFileSchema>;

/** A commune mention, in normalised-text offsets. */
export interface CommuneHit {
  commune: string;
  kind: 'name' | 'place' | 'postal' | 'city' | 'none';
  start: number;
  end: number;
}

/** Resolves the commune a text locates itself in. */
export interface CommuneResolver {
  /** `excluded`: ranges of the original text already taken by contacts and prices. */
  find(
    n: NormalisedText,
    original: string,
    tokens: readonly Token[],
    excluded: ReadonlyArray<{ start: number; end: number }>,
  ): CommuneHit[];
  resolve(hits: readonly CommuneHit[]): string | null;
}

const DEFAULT_FILE = fileURLToPath(new URL('./../data/communes.json', import.meta.url));

// Short forms people write; the file lists the official names only.
const EXTRA_NAMES: Record<string, string[]> = {
  'Saint-Gilles': [
    'gare du midi',
    'st gilles',
    'st-gilles',
    'sint gillis',
    'parvis',
    'voorplein',
    'midi',
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
    'brussel centraal',
    'bruxelles central',
    'brussels central',
    'bruxelles centre',
    'brussel centrum',
    'brussels centre',
    'brussels center',
    'centre ville',
    'pentagone',
    'fuse',
    'bozar',
    'sablon',
    'zavel',
    'bois de la cambre',
    'ter kameren',
    'ancienne belgique',
  ],
  Ixelles: ['fernand cocq', 'chatelain', 'ulb', 'vub', 'elsense'],
  Schaerbeek: ['liedts', 'meiser', 'gare du nord', 'josaphat'],
  Jette: ['uz brussel', 'uz jette'],
};
// Names that contain a commune's name but locate nothing in it: consumed, then ignored.
const NOT_PLACES = [
  'sonian forest',
  'foret de soignes',
  'zonienwoud',
  'rotterdam zuid',
  'brussels airport',
  'brussels airlines',
  'bruxelles nord',
  'brussel noord',
  'brussels north',
  'club brugge',
];
// Generic names of the city: they locate nothing more precisely than the region.
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
  'fuse',
  'merode',
  'botanique',
  'midi',
  'zuid',
  'parvis',
]);
// Units and currencies after a number: "1200€", "1000W", "1050 g", "1190m²" are not postal codes.
const NOT_POSTAL_AFTER =
  /^\s?(?:€|eur|e\b|euro|w\b|watt|kw|g\b|gr\b|kg|mg|ml|l\b|m2|m²|m\b|km|x\b|%|cl|cm|pcs|pieces|stuks|planten|plants|lampes|lampen|boutures|stekjes|stekken|clones|cuttings|pots|\/g|\/mois|\/maand|\/month)/;

// A module constant: tsx compiles a \p{…} literal inside a function into `new RegExp` per call.
const UPPER = /\p{Lu}/u;

interface NamePattern {
  tokens: string[];
  commune: string;
  kind: CommuneHit['kind'];
  capital: boolean;
}

interface TokenEntry {
  /** The commune of a postal code; names are then not looked at. */
  postal: string | undefined;
  names: NamePattern[];
}

/** Whether the original range of `[s, e)` of the normalised text overlaps an excluded range. */
function taken(
  n: NormalisedText,
  excluded: ReadonlyArray<{ start: number; end: number }>,
  s: number,
  e: number,
): boolean {
  const { start, end } = originalSpan(n, s, e);
  for (const x of excluded) if (start < x.end && end > x.start) return true;
  return false;
}

/** Whether the name's tokens are the text's tokens from `i` on. */
function startsAt(p: NamePattern, tokens: readonly Token[], i: number): boolean {
  for (let k = 0; k < p.tokens.length; k++) if (tokens[i + k]?.text !== p.tokens[k]) return false;
  return true;
}

/** Loads the communes file (default: classifier/data/communes.json) and builds a resolver. */
export function createCommuneResolver(file: string = DEFAULT_FILE): CommuneResolver {
  let data: CommunesFile;
  try {
    data = communesFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (cause) {
    throw new AppError('validation', `cannot read communes file ${file}`, { cause });
  }
  const byFirst = new Map<string, NamePattern[]>();
  const postal = new Map<string, string>();
  const addName = (raw: string, commune: string, kind: CommuneHit['kind']): void => {
    const term = normaliseTerm(raw);
    const tokens = term.match(/[\p{L}\p{N}_]+/gu);
    if (!tokens) return;
    const joined = tokens.join(' ');
    const variants = new Set([
      joined,
      joined.replace(/\bsaint\b/g, 'st').replace(/\bsainte\b/g, 'ste'),
      joined.replace(/\bsint\b/g, 'st'),
    ]);
    for (const v of variants) {
      const toks = v.split(' ');
      const list = byFirst.get(toks[0] as string) ?? [];
      list.push({ tokens: toks, commune, kind, capital: CAPITALISED_ONLY.has(v) });
      // Longest names first, so "Woluwe-Saint-Lambert" wins over a shorter name starting the same way.
      list.sort((a, b) => b.tokens.length - a.tokens.length);
      byFirst.set(toks[0] as string, list);
    }
  };
  for (const c of data.communes) {
    // "Bruxelles" / "Brussel" usually means the whole region, not the commune of Brussels-City.
    const kind = c.name === 'Bruxelles' ? 'city' : 'name';
    addName(c.name, c.name, kind);
    addName(c.nl, c.name, kind);
    for (const p of c.places) addName(p, c.name, 'place');
    for (const p of EXTRA_NAMES[c.name] ?? []) addName(p, c.name, 'place');
    for (const p of c.postal) postal.set(p, c.name);
  }
  for (const city of CITY_NAMES) addName(city, 'Bruxelles', 'city');
  for (const other of NOT_PLACES) addName(other, '', 'none');

  // One lookup per distinct word: its postal code's commune, or the names that start with it.
  const byToken = new Map<string, TokenEntry>();
  for (const [token, names] of byFirst) byToken.set(token, { postal: undefined, names });
  for (const [code, commune] of postal) byToken.set(code, { postal: commune, names: [] });
  const NONE: TokenEntry = { postal: undefined, names: [] };
  const entryOf = createWordMemo((word) => byToken.get(word.text) ?? NONE);

  return {
    find(n, original, tokens, excluded) {
      const hits: CommuneHit[] = [];
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i] as Token;
        const entry = entryOf(t.word);
        if (entry === NONE) continue;
        if (entry.postal !== undefined) {
          const before = n.text.charAt(t.start - 1);
          if (
            !/[.,€$+]/.test(before) &&
            !NOT_POSTAL_AFTER.test(n.text.slice(t.end, t.end + 12)) &&
            !taken(n, excluded, t.start, t.end)
          ) {
            hits.push({ commune: entry.postal, kind: 'postal', start: t.start, end: t.end });
          }
          continue;
        }
        for (const p of entry.names) {
          const last = tokens[i + p.tokens.length - 1];
          if (!last || !startsAt(p, tokens, i)) continue;
          if (p.capital && !UPPER.test(original.charAt(n.starts[t.start] as number))) continue;
          if (taken(n, excluded, t.start, last.end)) continue;
          hits.push({ commune: p.commune, kind: p.kind, start: t.start, end: last.end });
          i += p.tokens.length - 1;
          break;
        }
      }
      return hits;
    },
    resolve(hits) {
      const precise = hits.filter((h) => h.kind !== 'city' && h.kind !== 'none');
      return precise.length > 0 ? (precise[0] as CommuneHit).commune : null;
    },
  };
}
