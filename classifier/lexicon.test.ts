import { describe, expect, it } from 'vitest';
import { compileLexicons } from './lexicon.ts';
import type { Lexicons } from './lexicon.ts';
import { tokenise } from './tokenise.ts';

const lexicons: Lexicons = {
  substances: {
    substances: { cannabis: { strong: ['weed', 'beuh*', 'ab*', 'amnesia haze'], ambiguous: ['herbe'] } },
  },
  cues: [
    {
      label: 'market',
      categories: {
        menu: { weight: 0.8, terms: ['menu', 'carte*', 'menu du jour', 'livraison gratuit*'] },
      },
    },
  ],
};
const matcher = compileLexicons(lexicons);
const terms = (text: string): string[] => matcher.match(tokenise(text)).map((h) => `${h.term}@${h.start}`);

describe('lexicon matcher', () => {
  it('finds single words, prefixes of 3 characters or more, elongated spellings and multi-word terms', () => {
    expect(terms('weed beuhhh beuh weeeed herbe')).toEqual([
      'weed@0',
      'beuh*@5',
      'beuh*@12',
      'weed@17',
      'herbe@24',
    ]);
    expect(terms('amnesia haze amnesia')).toEqual(['amnesia haze@0']);
    expect(terms('livraison gratuite, livraison')).toEqual(['livraison gratuit*@0']);
  });

  it('matches no prefix in a word that only shares its first characters, or in a too short word', () => {
    expect(terms('bee beu beuk carton cartes ab abc abd')).toEqual(['carte*@20']);
  });

  it('gives one hit per group at a position: the first candidate', () => {
    expect(terms('menu du jour menu')).toEqual(['menu@0', 'menu@13']);
  });

  it('sees a prefix in the first 20 characters of a long word only', () => {
    expect(terms(`beuh${'x'.repeat(40)}`)).toEqual(['beuh*@0']);
  });
});
