import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const BENCH_PAGES = 2000;
export const LINKS_PER_PAGE = 5;

const WORDS = (
  'lampe ballast engrais tente culture graines livraison discrète prix négociable contact message ' +
  'Anderlecht Molenbeek Schaerbeek Ixelles Forest Etterbeek Uccle jardin intérieur extracteur filtre ' +
  'charbon pot terreau hydroponie récolte qualité rapide sérieux uniquement disponible aujourd’hui'
).split(' ');

/** Deterministic pseudo-random words, so every run serves the same bytes. */
function words(seed: number, count: number): string {
  let x = seed * 2654435761;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(WORDS[x % WORDS.length]!);
  }
  return out.join(' ');
}

function related(n: number): string {
  const links: string[] = [];
  for (let k = 1; k <= LINKS_PER_PAGE; k++) {
    const target = (n * LINKS_PER_PAGE + k) % BENCH_PAGES;
    links.push(`<li><a href="/ad/${target}">Annonce ${target}</a></li>`);
  }
  return `<aside class="related"><h2>Annonces similaires</h2><ul>${links.join('')}</ul></aside>`;
}

/** One ad page of about 3.5 KB with five links to other ads (every ad is reachable from the index). */
export function benchPage(n: number): string {
  const day = String(1 + (n % 28)).padStart(2, '0');
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Annonce ${n} – Bench</title>
<meta name="viewport" content="width=device-width"></head><body>
<article class="ad" data-id="${n}"><h1 class="ad-title">Annonce ${n}: ${words(n, 6)}</h1>
<div class="ad-body"><p>${words(n + 1, 120)}</p><p>${words(n + 2, 110)}</p><p>${words(n + 3, 95)}</p></div>
<span class="ad-price">${(n % 90) + 10} €</span><span class="ad-commune">${WORDS[10 + (n % 7)]}</span>
<time class="ad-date" datetime="2024-03-${day}T12:00:00Z">${day}/03/2024</time></article>
${related(n)}</body></html>`;
}

function indexPage(): string {
  const links = Array.from(
    { length: LINKS_PER_PAGE },
    (_, k) => `<li><a href="/ad/${k}">Annonce ${k}</a></li>`,
  );
  return `<!doctype html><html><head><meta charset="utf-8"><title>Bench</title></head><body><aside class="related"><ul>${links.join('')}</ul></aside></body></html>`;
}

/** The benchmark site on 127.0.0.1: `/` links to the first ads, `/ad/N` are the 2,000 ad pages. */
export async function startBenchSite(): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const pages = new Map<string, Buffer>();
  pages.set('/', Buffer.from(indexPage()));
  for (let n = 0; n < BENCH_PAGES; n++) pages.set(`/ad/${n}`, Buffer.from(benchPage(n)));
  const robots = Buffer.from('User-agent: *\nAllow: /\n');
  const server = createServer((req, res) => {
    if (req.url === '/robots.txt')
      return void res.writeHead(200, { 'content-type': 'text/plain' }).end(robots);
    const body = pages.get(req.url ?? '');
    if (!body) return void res.writeHead(404).end();
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length })
      .end(body);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
