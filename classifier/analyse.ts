/** One pass over a listing: normalise, tokenise, detect the language, match lexicons, extract entities. */
import type { ClassifierInput } from '../domain/signal.ts';
import { extractContacts } from './entities/contacts.ts';
import type { FoundContact } from './entities/contacts.ts';
import { createCommuneResolver } from './entities/commune.ts';
import type { CommuneHit, CommuneResolver } from './entities/commune.ts';
import { extractPrices } from './entities/prices.ts';
import type { FoundPrice } from './entities/prices.ts';
import { compileLexicons, loadLexicons } from './lexicon.ts';
import type { LexiconHit, LexiconMatcher } from './lexicon.ts';
import { normalise, originalSpan } from './normalise.ts';
import type { NormalisedText } from './normalise.ts';
import { detectLanguage, tokenise } from './tokenise.ts';
import type { Language, Token } from './tokenise.ts';

/** Everything the scorers and the output need about one text. */
export interface Analysis {
  /** `title + "\n" + text`: every span refers to this string. */
  original: string;
  norm: NormalisedText;
  tokens: Token[];
  language: Language;
  hits: LexiconHit[];
  contacts: FoundContact[];
  prices: FoundPrice[];
  communeHits: CommuneHit[];
  commune: string | null;
}

/** The shared, read-only resources of the analysis (compiled once). */
export interface AnalysisResources {
  lexicon: LexiconMatcher;
  communes: CommuneResolver;
}

/** Options to load resources from other places than the defaults (tests, reviewed lexicon drafts). */
export interface ResourceOptions {
  lexiconDir?: string;
  communesFile?: string;
}

/** Loads lexicons and communes. */
export function loadResources(options: ResourceOptions = {}): AnalysisResources {
  return {
    lexicon: compileLexicons(loadLexicons(options.lexiconDir)),
    communes: createCommuneResolver(options.communesFile),
  };
}

const MAX_CHARS = 20_000; // scraped text is hostile: bound the work per listing

/** The text the classifier reads: title and body joined by a newline (offsets refer to it). */
export function inputText(input: ClassifierInput): string {
  return `${input.title ?? ''}\n${input.text}`.slice(0, MAX_CHARS);
}

/** Analyses one listing. */
export function analyse(input: ClassifierInput, res: AnalysisResources): Analysis {
  const original = inputText(input);
  const norm = normalise(original);
  const tokens = tokenise(norm.text);
  const language = detectLanguage(tokens);
  const hits = res.lexicon.match(tokens);
  const contacts = extractContacts(original, norm);
  const prices = extractPrices(norm, original);
  const excluded = [...contacts, ...prices.map((p) => originalSpan(norm, p.start, p.end))];
  const communeHits = res.communes.find(norm, original, tokens, excluded);
  return {
    original,
    norm,
    tokens,
    language,
    hits,
    contacts,
    prices,
    communeHits,
    commune: res.communes.resolve(communeHits),
  };
}
