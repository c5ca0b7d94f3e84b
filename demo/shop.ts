import { readFileSync } from 'node:fs';
import type { DemoCatalog, DemoItem } from './catalog.ts';
import { isoDate } from './format.ts';
import { markup, page, raw } from './html.ts';
import {
  PERMISSIVE_ROBOTS,
  htmlReply,
  jsonReply,
  pageParam,
  paginate,
  textReply,
  type Handler,
} from './http.ts';

/** Products per page of `/boutique` and `/api/items`. */
export const PRODUCTS_PER_PAGE = 10;

const CLIENT_JS = readFileSync(new URL('./shop-client.js', import.meta.url));
const STYLE = raw(
  '<style>.product-description{white-space:pre-line}.products{list-style:none;padding:0}</style>',
);

/** What `/api/items` says about one product. */
export function productJson(item: DemoItem): Record<string, unknown> {
  return {
    id: item.siteId,
    title: item.title,
    text: item.text,
    price: item.price?.display ?? null,
    amount: item.price?.amount ?? null,
    commune: item.commune,
    seller: item.seller,
    postedAt: isoDate(item.postedAt),
    url: `/produit/${item.siteId}`,
  };
}

// The page ships no listing at all: only a browser that runs /static/shop.js sees the products.
function shell(title: string): string {
  const body = markup`<header><a href="/boutique">Boutique Bruxelles</a></header>
    <main id="app" aria-busy="true"></main>
    <noscript><p>Activez JavaScript pour voir nos produits.</p></noscript>
    <script src="/static/shop.js" defer></script>`;
  return page(title, body, STYLE);
}

/** The script-rendered shop: `/boutique?page=N` and `/produit/ID` shells, `/api/items[?page=N]`, `/api/items/ID`. */
export function createShopSite(catalog: DemoCatalog): Handler {
  return (_req, url) => {
    const path = url.pathname;
    if (path === '/robots.txt') return textReply(PERMISSIVE_ROBOTS);
    if (path === '/static/shop.js') {
      return { status: 200, body: CLIENT_JS, headers: { 'content-type': 'text/javascript; charset=utf-8' } };
    }
    if (path === '/') return { status: 302, body: '', headers: { location: '/boutique' } };
    const products = catalog.visible('shop').reverse();
    if (path === '/boutique' || path === '/api/items') {
      const pageNo = pageParam(url);
      const slice = pageNo === null ? null : paginate(products, pageNo, PRODUCTS_PER_PAGE);
      if (path === '/boutique') {
        if (!slice) return htmlReply(page('Introuvable', markup`<p>Page introuvable.</p>`), 404);
        return htmlReply(shell('Boutique Bruxelles'));
      }
      if (pageNo === null) return jsonReply({ error: 'page must be a positive integer' }, 400);
      if (!slice) return jsonReply({ error: 'no such page' }, 404);
      return jsonReply({
        page: pageNo,
        pages: slice.pages,
        total: products.length,
        items: slice.slice.map(productJson),
      });
    }
    const m = /^\/(produit|api\/items)\/(\d{1,9})$/.exec(path);
    if (!m) return htmlReply(page('Introuvable', markup`<p>Page introuvable.</p>`), 404);
    const id = Number(m[2]);
    const item = catalog.find('shop', id);
    const status = item ? 200 : catalog.isHidden('shop', id) ? 410 : 404;
    if (m[1] === 'api/items')
      return item ? jsonReply(productJson(item)) : jsonReply({ error: 'no such product' }, status);
    return item
      ? htmlReply(shell('Boutique Bruxelles'))
      : htmlReply(page('Indisponible', markup`<p>Produit indisponible.</p>`), status);
  };
}
