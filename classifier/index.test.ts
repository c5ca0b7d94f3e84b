import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classificationSchema } from '../domain/signal.ts';
import { inputText, loadResources } from './analyse.ts';
import {
  LEXICON_MODEL_VERSION,
  createClassifier,
  loadDefaultClassifier,
  promotedModelPath,
} from './index.ts';
import { loadLexicons } from './lexicon.ts';
import { createLexiconModel } from './lexicon-model.ts';
import { toArtefact } from './model.ts';
import { testDir } from '../test-support/temp-dir.ts';

const resources = loadResources();
const lexicon = createClassifier({ resources });
const trained = loadDefaultClassifier();

const DEALER = {
  title: 'MENU BXL 24/7',
  text: '🍁 W E E D 10€/g, 🍫 hasj 8€/g, ❄️ c0ke 1g = 70. Livraison Ixelles 7/7, tg @menu_bxl_247 ou 0470 55 51 23',
};
const GROWER = {
  title: 'Lot 12 lampes HPS 600W + ballasts',
  text: 'Vends lot complet: 12 lampes HPS 600W, 12 ballasts, 6 filtres charbon, 2 tentes 240. Pas de vente au détail, cash uniquement. Cureghem.',
};
const HARD_NEGATIVES = [
  { title: 'Lot canettes Coca-Cola Zero', text: '24 canettes de coke zero 33cl, 12€ le pack. Evere.' },
  {
    title: 'Fleurs CBD – Chanvre & Co',
    text: 'Fleurs de CBD légales (THC < 0,2%), Amnesia CBD de 6 à 9€/g. Vente réservée aux majeurs, ticket de caisse.',
  },
  {
    title: 'Rampe LED aquarium 120cm',
    text: 'Rampe LED aquarium eau douce 120cm, programmable, 90€. Ganshoren.',
  },
  { title: '', text: 'eindelijk glasvezel in Schaarbeek 🚀 speedtest 940 Mbps!!' },
  { title: 'Snowboard + boots 42', text: 'Snowboard 156 + fixations, parfait pour la snow 🏂❄️ 180€.' },
];

describe('createClassifier (lexicon model)', () => {
  it('has a version and flags clear market and production listings', () => {
    expect(lexicon.version).toBe(LEXICON_MODEL_VERSION);
    const dealer = lexicon.classify(DEALER);
    expect(dealer.scores.market).toBeGreaterThanOrEqual(0.5);
    expect(dealer.labels).toContain('market');
    expect(lexicon.classify(GROWER).scores.production).toBeGreaterThanOrEqual(0.5);
  });

  it('stays quiet on obvious hard negatives', () => {
    for (const item of HARD_NEGATIVES)
      expect(lexicon.classify(item).labels, item.title || item.text).toEqual([]);
  });
});

describe('trained model', () => {
  it('is loaded from the committed artefact and returns the full contract', () => {
    expect(trained.version).toMatch(/^linear-1-[0-9a-f]{10}$/);
    const c = trained.classify(DEALER);
    expect(classificationSchema.parse(c)).toEqual(c);
    expect(c.modelVersion).toBe(trained.version);
    expect(c.labels).toEqual(['market']);
    expect(c.substances).toEqual(expect.arrayContaining(['cannabis', 'cocaine']));
    expect(c.commune).toBe('Ixelles');
    expect(c.contacts.map((x) => x.type)).toEqual(['telegram', 'phone']);
    expect(c.prices.map((p) => p.eurPerGram)).toEqual([10, 8, 70]);
    expect(['fr', 'nl', 'en']).toContain(c.language);
    expect(trained.classify(GROWER).labels).toEqual(['production']);
    for (const item of HARD_NEGATIVES)
      expect(trained.classify(item).labels, item.title || item.text).toEqual([]);
  });

  it('reports ambiguous substances only when the text is flagged', () => {
    expect(trained.classify(HARD_NEGATIVES[0]!).substances).toEqual([]);
    expect(trained.classify(DEALER).substances).toContain('cannabis');
  });

  it('explains each score with spans that point at the words in title + "\\n" + text', () => {
    const c = trained.classify(DEALER);
    const text = inputText(DEALER);
    expect(c.explanation.length).toBeGreaterThan(0);
    for (const item of c.explanation) {
      for (const s of item.spans) {
        expect(s.start).toBeGreaterThanOrEqual(0);
        expect(s.end).toBeGreaterThan(s.start);
        expect(s.end).toBeLessThanOrEqual(text.length);
      }
    }
    const marketItems = c.explanation.filter((e) => e.label === 'market');
    const slice = (feature: string) => {
      const item = marketItems.find((e) => e.feature === feature);
      return item?.spans.map((s) => text.slice(s.start, s.end));
    };
    expect(slice('entity:price_per_gram')).toEqual(['10€/g', '8€/g', '1g = 70']);
    const lexiconCannabis = c.explanation.find((e) => e.feature === 'lexicon:substance.cannabis.strong');
    expect(lexiconCannabis?.spans.map((s) => text.slice(s.start, s.end))).toEqual(
      expect.arrayContaining(['W E E D', 'hasj']),
    );
    const contact = c.explanation.find((e) => e.feature === 'entity:contact_telegram');
    expect(contact?.spans.map((s) => text.slice(s.start, s.end))).toEqual(['@menu_bxl_247']);
    expect(marketItems[0]!.weight).toBeGreaterThan(0);
  });

  it('is pure: the same input gives the same output', () => {
    expect(trained.classify(DEALER)).toEqual(trained.classify(DEALER));
  });

  it('survives hostile input (huge, binary, empty)', () => {
    const huge = trained.classify({ text: `${'weed 10€/g '.repeat(20_000)}\u0000\uFFFF` });
    expect(huge.labels).toContain('market');
    expect(trained.classify({ text: '' }).labels).toEqual([]);
  });
});

describe('loadDefaultClassifier', () => {
  it('prefers a model promoted into the data directory', () => {
    const dataDir = testDir('classifier');
    const model = { ...createLexiconModel(resources.lexicon), version: 'promoted-test' };
    mkdirSync(join(dataDir, 'classifier'), { recursive: true });
    writeFileSync(promotedModelPath(dataDir), JSON.stringify(toArtefact(model)));
    expect(loadDefaultClassifier(dataDir).version).toBe('promoted-test');
    expect(loadDefaultClassifier(testDir('empty')).version).toBe(trained.version);
  });
});

describe('lexicons', () => {
  it('rejects a malformed lexicon file with its path and the bad field', () => {
    const dir = testDir('lex');
    writeFileSync(join(dir, 'substances.yaml'), 'substances:\n  cannabis:\n    strong: [weed]\n');
    expect(() => loadLexicons(dir)).toThrow(/substances\.yaml: substances\.cannabis\.ambiguous/);
  });
});
