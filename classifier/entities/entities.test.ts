import { describe, expect, it } from 'vitest';
import { analyse, loadResources } from '../analyse.ts';
import { normalise } from '../normalise.ts';
import { extractContacts, phoneToE164 } from './contacts.ts';
import { extractPrices, parseAmount } from './prices.ts';

const res = loadResources();
const contacts = (text: string) =>
  analyse({ text }, res).contacts.map((c) => [c.type, c.value, c.normalized]);
const prices = (text: string) =>
  analyse({ text }, res).prices.map((p) => [p.value, p.amountEur, p.quantity, p.eurPerGram]);
const commune = (text: string, title = '') => analyse({ title, text }, res).commune;

describe('phones', () => {
  it('normalises Belgian and Dutch formats to E.164', () => {
    expect(contacts('appelle 0470 55 51 23')).toEqual([['phone', '0470 55 51 23', '+32470555123']]);
    expect(contacts('bel 0470/555.318 na 18u')).toEqual([['phone', '0470/555.318', '+32470555318']]);
    expect(contacts('call +32 485 555 012')).toEqual([['phone', '+32 485 555 012', '+32485555012']]);
    expect(contacts('0032 485 555 013')).toEqual([['phone', '0032 485 555 013', '+32485555013']]);
    expect(contacts('Tél 02 555 41 20')).toEqual([['phone', '02 555 41 20', '+3225554120']]);
    expect(contacts('Bel 06 555 43 210')).toEqual([['phone', '06 555 43 210', '+31655543210']]);
    expect(phoneToE164('+32 (0)470 55 51 23')).toBe('+32470555123');
  });

  it('gives a phone the type of the messenger written before it', () => {
    expect(contacts('Signal: 0491 555 624')).toEqual([['signal', '0491 555 624', '+32491555624']]);
    expect(contacts('sign4l: 0477 555 902')).toEqual([['signal', '0477 555 902', '+32477555902']]);
    expect(contacts('commande sur WhatsApp 0488 555 709')).toEqual([
      ['whatsapp', '0488 555 709', '+32488555709'],
    ]);
    expect(contacts('wa +32 470 555 219')).toEqual([['whatsapp', '+32 470 555 219', '+32470555219']]);
  });

  it('finds phones written in full-width digits, at their original offsets, in E.164', () => {
    const fr = 'livraison 7/7, appelle le ０４７５ １２ ３４ ５６ merci';
    expect(analyse({ text: fr }, res).contacts).toEqual([
      {
        type: 'phone',
        value: '０４７５ １２ ３４ ５６',
        normalized: '+32475123456',
        start: fr.indexOf('０') + 1, // after the newline that joins the empty title
        end: fr.indexOf(' merci') + 1,
      },
    ]);
    expect(contacts('Bel of app ０６－１２３４５６７８')).toEqual([
      ['phone', '０６－１２３４５６７８', '+31612345678'],
    ]);
    expect(contacts('text me on WhatsApp ＋４４ ７７００ ９００１２３')).toEqual([
      ['whatsapp', '＋４４ ７７００ ９００１２３', '+447700900123'],
    ]);
    // Mixed with ASCII digits elsewhere (found before the fix, but not in E.164).
    expect(contacts('1000 Bruxelles, signal ０４９１ ５５５ ６２４')).toEqual([
      ['signal', '０４９１ ５５５ ６２４', '+32491555624'],
    ]);
    expect(phoneToE164('＋３２ （０）４７０ ５５ ５１ ２３')).toBe('+32470555123');
    // Mixed with ASCII digits, astral (two-unit) digits, and after İ (which lower-cases longer).
    expect(contacts('appelle 0４75 12 3４ 56')).toEqual([['phone', '0４75 12 3４ 56', '+32475123456']]);
    const astral = 'İİ bel 𝟎𝟒𝟕𝟓 𝟏𝟐 𝟑𝟒 𝟓𝟔 nu';
    const [found] = analyse({ text: astral }, res).contacts;
    expect(found).toMatchObject({ value: '𝟎𝟒𝟕𝟓 𝟏𝟐 𝟑𝟒 𝟓𝟔', normalized: '+32475123456' });
    expect(`\n${astral}`.slice(found!.start, found!.end)).toBe('𝟎𝟒𝟕𝟓 𝟏𝟐 𝟑𝟒 𝟓𝟔');
  });

  it('finds phones written in keycap emoji, the last keycap whole', () => {
    expect(contacts('appelle 0️⃣4️⃣7️⃣5️⃣ 1️⃣2️⃣ 3️⃣4️⃣ 5️⃣6️⃣ pour la beuh')).toEqual([
      ['phone', '0️⃣4️⃣7️⃣5️⃣ 1️⃣2️⃣ 3️⃣4️⃣ 5️⃣6️⃣', '+32475123456'],
    ]);
    // Only a digit's keycap marks: a handle followed by an emoji selector keeps its own value.
    expect(contacts('snap: greenjet\ufe0f, tel 0470 55 51 23\ufe0f')).toEqual([
      ['snapchat', 'greenjet', 'greenjet'],
      ['phone', '0470 55 51 23\ufe0f', '+32470555123'],
    ]);
  });

  it('does not take a long full-width reference number or a full-width date for a phone', () => {
    expect(contacts('commande n° ０１２３４５６７８９０１２３４ du ０１/０２/２０２４')).toEqual([]);
  });

  it('does not take dates, prices, opening hours or postal codes for phones', () => {
    expect(contacts('ouvert 24/24 et 7/7, 18h-02h, le 01/02/2024, 1200€, 1000 Bruxelles')).toEqual([]);
  });
});

describe('handles, e-mails, URLs and crypto addresses', () => {
  it('reads messenger handles after their keyword, in FR / NL / EN texts', () => {
    expect(contacts('Menu complet sur tg @comptoir1030.')).toEqual([
      ['telegram', '@comptoir1030', '@comptoir1030'],
    ]);
    expect(contacts('bestellen: t g @bxl_lijn_2')).toEqual([['telegram', '@bxl_lijn_2', '@bxl_lijn_2']]);
    expect(contacts('tout pour ton weekend 📦 tg comptoir1030')).toEqual([
      ['telegram', 'comptoir1030', '@comptoir1030'],
    ]);
    expect(contacts('menu 👉 t.me/goldcoastbxl')).toEqual([
      ['telegram', 't.me/goldcoastbxl', '@goldcoastbxl'],
    ]);
    expect(contacts('snap: neige.bx')).toEqual([['snapchat', 'neige.bx', 'neige.bx']]);
    expect(contacts('sn@p : greenleaf.uccle')).toEqual([['snapchat', 'greenleaf.uccle', 'greenleaf.uccle']]);
    expect(contacts('hit me up on snap partypack.bxl')).toEqual([
      ['snapchat', 'partypack.bxl', 'partypack.bxl'],
    ]);
    expect(contacts('Contact Wickr : alice_jardin')).toEqual([['wickr', 'alice_jardin', 'alice_jardin']]);
    expect(contacts('Threema: 7HKD2P9X')).toEqual([['threema', '7HKD2P9X', '7HKD2P9X']]);
    const session = '05a96636ebcef631e47cb13c228548707554bab6caadd24115f5517a1695a06785';
    expect(contacts(`Session : ${session}`)).toEqual([['session', session, session]]);
    expect(contacts('DM on IG @laeken.greens')).toEqual([['instagram', '@laeken.greens', 'laeken.greens']]);
    expect(contacts('ask on insta @vibes.delivery.bxl')).toEqual([
      ['instagram', '@vibes.delivery.bxl', 'vibes.delivery.bxl'],
    ]);
  });

  it('takes a bare @handle for Telegram, a dotted one for Instagram', () => {
    expect(contacts('Vandaag tot 4u open @snelbezorgd_bxl')).toEqual([
      ['telegram', '@snelbezorgd_bxl', '@snelbezorgd_bxl'],
    ]);
    expect(contacts('#cbd #saintgilles @chanvre.et.co')).toEqual([
      ['instagram', '@chanvre.et.co', 'chanvre.et.co'],
    ]);
  });

  it('does not take words after a messenger name, forum replies or e-mails for handles', () => {
    expect(contacts('déjà perdu 50€ avec un gars sur telegram. Ixelles')).toEqual([]);
    expect(contacts('Na 3x opgelicht via Telegram (vooruitbetalen)')).toEqual([]);
    expect(contacts('@Dries ik ken iemand in Sint-Joost')).toEqual([]);
    expect(contacts('CV par mail : jobs@brasserie-flagey.be')).toEqual([
      ['email', 'jobs@brasserie-flagey.be', 'jobs@brasserie-flagey.be'],
    ]);
  });

  it('finds URLs, onion mirrors and link pages, but not handles that look like domains', () => {
    expect(contacts('Infos : www.chanvre-et-co.be')).toEqual([
      ['url', 'www.chanvre-et-co.be', 'chanvre-et-co.be'],
    ]);
    expect(contacts('menu linktr.ee/zazadrop_bxl')).toEqual([
      ['url', 'linktr.ee/zazadrop_bxl', 'linktr.ee/zazadrop_bxl'],
    ]);
    const onion = 't5xkbdsuyzhuljen6aqskwvrpow2cbwiadsoji4djwsovvfdp4ha.onion';
    expect(contacts(`Miroir : ${onion}`)).toEqual([['url', onion, onion]]);
    expect(contacts('snap: growsetup.be')).toEqual([['snapchat', 'growsetup.be', 'growsetup.be']]);
  });

  it('finds BTC and XMR addresses', () => {
    const btc = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq';
    const legacy = '1BoatSLRHtKNngkdXEeobR76b53LETtpyT';
    const xmr =
      '44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A';
    expect(contacts(`Paiement BTC ${btc} of ${legacy}`)).toEqual([
      ['btc', btc, btc],
      ['btc', legacy, legacy],
    ]);
    expect(contacts(`XMR only: ${xmr}`)).toEqual([['xmr', xmr, xmr]]);
    expect(contacts('BTC / XMR / cash')).toEqual([]);
  });

  it('finds a 25-character address wherever it starts (the long-run gate probes every 25th character)', () => {
    const shortest = '1BoatSLRHtKNngkdXEeobR76b5'; // 26 characters, the shortest legacy form
    for (let pad = 0; pad < 30; pad++) {
      const text = `${'x '.repeat(pad >> 1)}${pad % 2 ? '-' : ''}${shortest} !`;
      expect(contacts(text)).toEqual([['btc', shortest, shortest]]);
    }
    expect(contacts(`pay ${shortest.slice(0, 25)} now`)).toEqual([]);
  });

  it('finds upper-case e-mails, URLs and handles at their offsets in the original text', () => {
    expect(contacts('MAIL X@BXL.BE, menu WWW.SHOP.BE of T.ME/GreenJet, HTTP://X.BE/Menu @Snel_Bxl')).toEqual([
      ['email', 'X@BXL.BE', 'x@bxl.be'],
      ['url', 'WWW.SHOP.BE', 'shop.be'],
      ['telegram', 'T.ME/GreenJet', '@greenjet'],
      ['url', 'HTTP://X.BE/Menu', 'x.be/menu'],
      ['telegram', '@Snel_Bxl', '@snel_bxl'],
    ]);
  });

  it('keeps offsets right in a text with a dotted capital I or a Kelvin sign', () => {
    // Lower-casing İ adds a code unit: matching on a lower-cased copy would shift every contact after it.
    expect(contacts('İnfo@x.be WWW.SHOP.BE T.ME/ABCD')).toEqual([
      ['email', 'İnfo@x.be', expect.stringContaining('nfo@x.be')],
      ['url', 'WWW.SHOP.BE', 'shop.be'],
      ['telegram', 'T.ME/ABCD', '@abcd'],
    ]);
    expect(contacts('\u212Aaya@x.be')).toEqual([
      ['email', '\u212Aaya@x.be', expect.stringContaining('aya@x.be')],
    ]);
  });

  it('finds a URL at the start of an endless dotted run, and searches no further', () => {
    const run = 'a.b'.repeat(6_000);
    expect(contacts(`www.menu.be/${run} tg @x_y_z`).map(([type]) => type)).toEqual(['url', 'telegram']);
    const [, url] = contacts(`www.menu.be/${run}`)[0]!;
    expect(url!.length).toBeLessThanOrEqual(512);
    expect(contacts(`${run}.be www.shop.be`)).toEqual([['url', 'www.shop.be', 'shop.be']]);
  });

  it('reads e-mails in linear time in hostile 20,000-character runs (a regex scan took ~0.3 s each)', () => {
    const long = `${'a.'.repeat(9_990)}@x.be`;
    const runs = ['a.'.repeat(9_999) + '@', `@${'a-'.repeat(9_999)}x`, `x@${'a.'.repeat(9_999)}`, long];
    const normalised = runs.map((run) => normalise(run));
    const started = performance.now();
    const found = runs.map((run, k) => extractContacts(run, normalised[k]!));
    expect(performance.now() - started).toBeLessThan(400); // ~30 ms cold; ~1.8 s before
    expect(found.map((contacts) => contacts.filter((c) => c.type === 'email').map((c) => c.value))).toEqual([
      [],
      [],
      [],
      [long],
    ]);
  });

  it('keeps the first of repeated contacts, in text order', () => {
    expect(
      contacts('tg @bxl_lijn_2, mail x@bxl.be, tg @bxl_lijn_2 again, 0470 55 51 23 / +32 470 55 51 23'),
    ).toEqual([
      ['telegram', '@bxl_lijn_2', '@bxl_lijn_2'],
      ['email', 'x@bxl.be', 'x@bxl.be'],
      ['phone', '0470 55 51 23', '+32470555123'],
    ]);
  });
});

describe('prices and quantities', () => {
  it('normalises to euros and euros per gram', () => {
    expect(prices('Amnesia 10€/g')).toEqual([['10€/g', 10, '1g', 10]]);
    expect(prices('wiet 10/g, hasj 8 le gramme')).toEqual([
      ['10/g', 10, '1g', 10],
      ['8 le gramme', 8, '1g', 8],
    ]);
    expect(prices('100g = 450')).toEqual([['100g = 450', 450, '100g', 4.5]]);
    expect(prices('eerste klanten 5g voor 40')).toEqual([['5g voor 40', 40, '5g', 8]]);
    expect(prices('speed paste 1kg 1.8k')).toEqual([['1kg 1.8k', 1800, '1kg', 1.8]]);
    expect(prices('BMK 1kg €300')).toEqual([['1kg €300', 300, '1kg', 0.3]]);
    expect(prices('Lyrica 300 plaquette 30€')).toEqual([['30€', 30, null, null]]);
    expect(prices('XTC 250mg 10€')).toEqual([['250mg 10€', 10, '250mg', null]]);
  });

  it('reads thousands and decimal commas', () => {
    expect(parseAmount('1.800')).toBe(1800);
    expect(parseAmount('0,50')).toBe(0.5);
    expect(parseAmount('1.8', 'k')).toBe(1800);
    expect(prices('Huur 1.800€/maand')).toEqual([['1.800€', 1800, null, null]]);
  });

  it('does not read wattages, sizes or hours as prices', () => {
    expect(prices('LED 600W, tente 120x120, ouvert 18h-02h')).toEqual([]);
  });

  it('finds nothing without a digit, and the same prices on every call, in text order', () => {
    expect(prices('prix en mp, pas cher, livraison gratuite')).toEqual([]);
    const text = '5g 45, 10€/g, en tout 1200€';
    const expected = [
      ['5g 45', 45, '5g', 9],
      ['10€/g', 10, '1g', 10],
      ['1200€', 1200, null, null],
    ];
    expect(prices(text)).toEqual(expected);
    expect(prices('999€')).toEqual([['999€', 999, null, null]]);
    expect(prices(text)).toEqual(expected);
  });
});

describe('prices in hostile text', () => {
  it('checks overlaps in linear time (a quadratic check took seconds on 30,000 amounts)', () => {
    const text = '1€ '.repeat(30_000);
    const n = normalise(text);
    const started = performance.now();
    const found = extractPrices(n, text);
    expect(performance.now() - started).toBeLessThan(400);
    expect(found).toHaveLength(30_000);
    expect(found.every((p, k) => p.start === 3 * k && p.value === '1€')).toBe(true);
  });
});

describe('Brussels commune', () => {
  it('resolves French and Dutch names', () => {
    expect(commune('livraison sur Ixelles')).toBe('Ixelles');
    expect(commune('levering in Elsene')).toBe('Ixelles');
    expect(commune('Afhalen Sint-Jans-Molenbeek')).toBe('Molenbeek-Saint-Jean');
    expect(commune('RDV St-Gilles')).toBe('Saint-Gilles');
    expect(commune('pickup in Schaarbeek')).toBe('Schaerbeek');
    expect(commune('Watermaal-Bosvoorde')).toBe('Watermael-Boitsfort');
    expect(commune('Woluwe-Saint-Lambert')).toBe('Woluwe-Saint-Lambert');
  });

  it('resolves postal codes 1000–1210', () => {
    expect(commune('bezorgen 1060')).toBe('Saint-Gilles');
    expect(commune('Bruxelles (1000)')).toBe('Bruxelles');
    expect(commune('Laeken / 1020')).toBe('Bruxelles');
    expect(commune('dispo 1210 only')).toBe('Saint-Josse-ten-Noode');
  });

  it('resolves well-known places', () => {
    expect(commune('RDV Matonge')).toBe('Ixelles');
    expect(commune('métro Madou')).toBe('Saint-Josse-ten-Noode');
    expect(commune('zone Ribaucourt')).toBe('Molenbeek-Saint-Jean');
    expect(commune('Porte de Hal / Hallepoort')).toBe('Saint-Gilles');
    expect(commune('Place Liedts')).toBe('Schaerbeek');
    expect(commune('Neder-Over-Heembeek')).toBe('Bruxelles');
    expect(commune('Clemenceau')).toBe('Anderlecht');
  });

  it('does not take prices, wattages, quantities or phone numbers for postal codes', () => {
    expect(commune('loyer 1200€ cash')).toBeNull();
    expect(commune('1200 euros')).toBeNull();
    expect(commune('lampes 1000W')).toBeNull();
    expect(commune('min 1030 boutures')).toBeNull();
    expect(commune('€1150 le lot')).toBeNull();
    expect(commune('bel 0470 55 1060')).toBeNull();
    expect(commune('1200€ la cave, Forest')).toBe('Forest');
  });

  it('needs more than the name of the city, and a capital for place names that are common words', () => {
    expect(commune('livraison partout à Bruxelles / heel Brussel')).toBeNull();
    expect(commune('a walk in the forest')).toBeNull();
    expect(commune('party in Forest')).toBe('Forest');
    expect(commune('foraging in the Sonian Forest')).toBeNull();
  });
});
