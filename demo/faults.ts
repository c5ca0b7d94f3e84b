import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One ad of the fault site's catalog. */
export interface FaultItem {
  id: string;
  title: string;
  text: string;
  price: string;
  commune: string;
  postedAt: string;
  /** Last-Modified of its page. */
  modifiedAt: Date;
}

export interface FaultRequest {
  method: string;
  /** Path and query, as requested. */
  path: string;
  headers: IncomingMessage['headers'];
  at: number;
}

export interface FaultSite {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  close(): Promise<void>;
  /** Every request received, in order. */
  requests: FaultRequest[];
  /** Requests whose path starts with `prefix`. */
  hits(prefix: string): number;
  /** Most requests in progress at once since the site started. */
  peakInFlight(): number;
  setRobots(text: string): void;
  /** The ad disappears: off the catalog, its page answers 404. */
  removeItem(id: string): void;
  updateItem(id: string, patch: Partial<Omit<FaultItem, 'id'>>): void;
  /** Puts an extra link (e.g. to a fault path) on the first catalog page. */
  linkTo(path: string): void;
}

export interface FaultSiteOptions {
  items?: number;
  perPage?: number;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function makeItems(count: number): FaultItem[] {
  const communes = ['Anderlecht', 'Molenbeek', 'Schaerbeek', 'Ixelles', 'Saint-Gilles'];
  return Array.from({ length: count }, (_, i) => ({
    id: String(i + 1),
    title: `Annonce numéro ${i + 1}`,
    text: `Description de l'annonce ${i + 1}. Livraison possible, contact par message.`,
    price: `${(i + 1) * 5} €`,
    commune: communes[i % communes.length]!,
    postedAt: new Date(Date.UTC(2024, 0, 1 + i, 12)).toISOString(),
    modifiedAt: new Date(Date.UTC(2024, 0, 1 + i, 12)),
  }));
}

/** A detail page in the catalog's layout, with a schema.org Product block. */
export function faultDetailHtml(
  item: Omit<FaultItem, 'modifiedAt'>,
  opts: { charsetMeta?: string | null } = {},
): string {
  const ld = JSON.stringify({
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: item.title,
    sku: `AD-${item.id}`,
    offers: {
      '@type': 'Offer',
      price: item.price.replace(/[^\d.]/g, ''),
      priceCurrency: 'EUR',
      availability: 'https://schema.org/InStock',
    },
  }).replace(/</g, '\\u003c');
  const meta = opts.charsetMeta === null ? '' : `<meta charset="${opts.charsetMeta ?? 'utf-8'}">`;
  return `<!doctype html><html lang="fr"><head>${meta}<title>${esc(item.title)} – Fault site</title>
<script type="application/ld+json">${ld}</script></head><body>
<article class="ad" data-ad-id="${esc(item.id)}"><h1 class="ad-title">${esc(item.title)}</h1>
<div class="ad-body"><p>${esc(item.text)}</p></div><span class="ad-price">${esc(item.price)}</span>
<span class="ad-commune">${esc(item.commune)}</span><time class="ad-date" datetime="${item.postedAt}">${item.postedAt.slice(0, 10)}</time>
</article></body></html>`;
}

const CP1252_ITEM = {
  id: 'cp1252',
  title: 'Café à vendre – 25 €',
  text: '“Qualité” supérieure, œuvre d’art, naïve façon. Prix: 25 €.',
  price: '25 €',
  commune: 'Forest',
  postedAt: '2024-02-01T10:00:00.000Z',
};

/**
 * A local site for crawler tests, on 127.0.0.1: a paginated catalog (`/catalog`) of ads
 * (`/item/ID`, with ETag and Last-Modified) and fault paths on demand: `/slow/ID?ms=`,
 * `/flaky/KEY?fails=N&status=500`, `/ratelimit/KEY?times=N&retryAfter=S`, `/malformed/ID`,
 * `/cp1252/ID?decl=header|meta|none`, `/huge?mb=N[&length=1]`, `/loop/a`, `/redirect/N`,
 * `/gone/ID`, `/private/…` (disallowed by the default robots.txt).
 */
export async function startFaultSite(options: FaultSiteOptions = {}): Promise<FaultSite> {
  const items = makeItems(options.items ?? 7);
  const perPage = options.perPage ?? 5;
  const extraLinks: string[] = [];
  const counters = new Map<string, number>();
  const requests: FaultRequest[] = [];
  let robots = 'User-agent: *\nDisallow: /private/\n';

  const count = (key: string) => {
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    return n;
  };
  const html = (
    res: ServerResponse,
    status: number,
    body: string | Buffer,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
    res.end(body);
  };
  const itemById = (id: string) => items.find((i) => i.id === id);

  function catalog(res: ServerResponse, page: number): void {
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const links = slice.map((i) => `<li><a class="ad-link" href="/item/${i.id}">${esc(i.title)}</a></li>`);
    if (page === 1) {
      links.push(...extraLinks.map((p) => `<li><a class="ad-link" href="${esc(p)}">extra</a></li>`));
      // Duplicates and out-of-scope links a crawler must not follow twice / at all.
      if (slice[0]) links.push(`<li><a class="ad-link" href="/item/${slice[0].id}#photos">dup</a></li>`);
      if (slice[0])
        links.push(`<li><a class="ad-link" href="/item/${slice[0].id}?utm_source=feed">dup</a></li>`);
      links.push('<li><a class="ad-link" href="http://elsewhere.example/ad/1">elsewhere</a></li>');
      links.push('<li><a class="ad-link" href="/private/hidden-ad">private</a></li>');
      links.push('<li><a class="ad-link" href="mailto:seller@example.org">mail</a></li>');
    }
    const next =
      page * perPage < items.length
        ? `<a class="next" rel="next" href="/catalog?page=${page + 1}">Suivant</a>`
        : '';
    html(
      res,
      200,
      `<!doctype html><html><head><title>Catalogue ${page}</title></head><body><ul class="ads">${links.join('')}</ul>${next}</body></html>`,
    );
  }

  function detail(req: IncomingMessage, res: ServerResponse, item: FaultItem): void {
    const body = faultDetailHtml(item);
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    const lastModified = item.modifiedAt.toUTCString();
    const validators = { etag, 'last-modified': lastModified };
    const inm = req.headers['if-none-match'];
    const ims = req.headers['if-modified-since'];
    const fresh =
      inm !== undefined ? inm === etag : ims !== undefined && Date.parse(ims) >= item.modifiedAt.getTime();
    if (fresh) {
      res.writeHead(304, validators);
      res.end();
      return;
    }
    html(res, 200, body, validators);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const q = (name: string, fallback: number) => Number(url.searchParams.get(name) ?? fallback);
    const [, first = '', second = ''] = url.pathname.split('/');
    const plain = (id: string) => faultDetailHtml({ ...items[0]!, id, title: `Page ${id}` });
    switch (first) {
      case 'robots.txt':
        return void res.writeHead(200, { 'content-type': 'text/plain' }).end(robots);
      case '':
      case 'catalog':
        return catalog(res, Math.max(1, q('page', 1)));
      case 'item': {
        const item = itemById(second);
        return item ? detail(req, res, item) : html(res, 404, '<h1>Annonce introuvable</h1>');
      }
      case 'private':
        return html(res, 200, plain(`private-${second}`));
      case 'slow':
        await sleep(q('ms', 200));
        return html(res, 200, plain(`slow-${second}`));
      case 'flaky':
        if (count(`flaky/${second}`) <= q('fails', 2))
          return html(res, q('status', 500), '<h1>Server error</h1>');
        return html(res, 200, plain(`flaky-${second}`));
      case 'ratelimit':
        if (count(`ratelimit/${second}`) <= q('times', 1)) {
          return html(res, 429, '<h1>Slow down</h1>', {
            'retry-after': String(url.searchParams.get('retryAfter') ?? '1'),
          });
        }
        return html(res, 200, plain(`ratelimit-${second}`));
      case 'malformed':
        return html(
          res,
          200,
          `<html><head><title>Broken</title><body><div class="ad"><h1 class="ad-title">Annonce ${esc(second)} <b>cassée
<div class="ad-body"><p>Texte sans fin <i>de balises <td>égarées</p></span></div></article><script>var x = "</div>`,
        );
      case 'cp1252': {
        const decl = url.searchParams.get('decl') ?? 'header';
        const page = faultDetailHtml(
          { ...CP1252_ITEM, id: `cp1252-${second}` },
          { charsetMeta: decl === 'meta' ? 'windows-1252' : null },
        );
        const bytes = Buffer.from(Array.from(page, (ch) => CP1252_ENCODE.get(ch) ?? ch.charCodeAt(0)));
        return html(res, 200, bytes, {
          'content-type': decl === 'header' ? 'text/html; charset=windows-1252' : 'text/html',
        });
      }
      case 'huge': {
        const size = q('mb', 8) * 1024 * 1024;
        res.writeHead(200, {
          'content-type': 'text/html',
          ...(url.searchParams.has('length') ? { 'content-length': String(size) } : {}),
        });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        for (let sent = 0; sent < size && !res.destroyed; sent += chunk.length) {
          if (!res.write(chunk))
            await new Promise((resolve) => res.once('drain', resolve).once('close', resolve));
        }
        return void res.end();
      }
      case 'loop':
        return void res.writeHead(302, { location: second === 'a' ? '/loop/b' : '/loop/a' }).end();
      case 'redirect': {
        const n = Number(second);
        return void res.writeHead(302, { location: n > 1 ? `/redirect/${n - 1}` : '/item/1' }).end();
      }
      case 'gone':
        return html(res, 410, '<h1>Gone</h1>');
      default:
        return html(res, 404, '<h1>Not found</h1>');
    }
  }

  let inFlight = 0;
  let peak = 0;
  const server = createServer((req, res) => {
    requests.push({
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: req.headers,
      at: Date.now(),
    });
    peak = Math.max(peak, ++inFlight);
    res.once('close', () => inFlight--);
    route(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    hits: (prefix) => requests.filter((r) => r.path.startsWith(prefix)).length,
    peakInFlight: () => peak,
    setRobots(text) {
      robots = text;
    },
    removeItem(id) {
      const index = items.findIndex((i) => i.id === id);
      if (index >= 0) items.splice(index, 1);
    },
    updateItem(id, patch) {
      const item = itemById(id);
      if (item)
        Object.assign(item, patch, {
          modifiedAt: patch.modifiedAt ?? new Date(Math.floor(Date.now() / 1000) * 1000),
        });
    },
    linkTo(path) {
      extraLinks.push(path);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// Characters of the windows-1252 page that are not Latin-1 bytes as they are.
const CP1252_ENCODE = new Map<string, number>([
  ['€', 0x80],
  ['‚', 0x82],
  ['„', 0x84],
  ['…', 0x85],
  ['‘', 0x91],
  ['’', 0x92],
  ['“', 0x93],
  ['”', 0x94],
  ['–', 0x96],
  ['—', 0x97],
  ['œ', 0x9c],
  ['Œ', 0x8c],
  ['Š', 0x8a],
  ['š', 0x9a],
  ['Ÿ', 0x9f],
  ['ž', 0x9e],
]);
