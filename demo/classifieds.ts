import type { IncomingMessage } from 'node:http';
import type { DemoCatalog, DemoItem } from './catalog.ts';
import { frenchDate, isoDate } from './format.ts';
import { markup, jsonForScript, page, raw } from './html.ts';
import {
  PERMISSIVE_ROBOTS,
  conditionalHtml,
  htmlReply,
  pageParam,
  paginate,
  textReply,
  type Handler,
  type Reply,
} from './http.ts';

/** Ads per list page. */
export const ADS_PER_PAGE = 10;

const CATEGORY: Record<string, string> = {
  classifieds: 'Divers',
  jobs: 'Emploi',
  realestate: 'Immobilier',
  social: 'Communauté',
};

const STYLE = raw(
  '<style>.ad-description{white-space:pre-line}.ads{list-style:none;padding:0}.ad-item{margin:.5em 0}</style>',
);

function listPage(items: DemoItem[], pageNo: number, pages: number, total: number): string {
  const prev =
    pageNo > 1 ? markup`<a class="prev" rel="prev" href="/annonces?page=${pageNo - 1}">‹ Précédente</a>` : '';
  const next =
    pageNo < pages
      ? markup`<a class="next" rel="next" href="/annonces?page=${pageNo + 1}">Suivante ›</a>`
      : '';
  const rows = items.map(
    (ad) =>
      markup`<li class="ad-item" data-ad-id="${ad.siteId}">
        <a class="ad-link" href="/annonce/${ad.siteId}">${ad.title}</a>
        <span class="ad-item-price">${ad.price?.display ?? 'Prix à convenir'}</span>
        ${ad.commune ? markup`<span class="ad-item-commune">${ad.commune}</span>` : ''}
        <time datetime="${isoDate(ad.postedAt)}">${frenchDate(ad.postedAt)}</time>
      </li>`,
  );
  const body = markup`<header><a href="/">Petites annonces Bruxelles</a></header>
    <main>
      <h1>Annonces – Région de Bruxelles-Capitale</h1>
      <p class="result-count">${total} annonces</p>
      <ul class="ads">
        ${rows}
      </ul>
      <nav class="pagination">${prev} <span class="current">Page ${pageNo} / ${pages}</span> ${next}</nav>
    </main>`;
  return page(`Annonces – page ${pageNo}`, body, STYLE);
}

function jsonLd(ad: DemoItem, url: string): unknown {
  const offer: Record<string, unknown> = {
    '@type': 'Offer',
    priceCurrency: 'EUR',
    availability: 'https://schema.org/InStock',
    url,
    validFrom: ad.postedAt.toISOString(),
    seller: { '@type': 'Person', name: ad.seller },
  };
  if (ad.price) offer.price = ad.price.amount.toFixed(2);
  if (ad.commune) {
    offer.availableAtOrFrom = {
      '@type': 'Place',
      name: ad.commune,
      address: {
        '@type': 'PostalAddress',
        addressLocality: ad.commune,
        addressRegion: 'Bruxelles',
        addressCountry: 'BE',
      },
    };
  }
  return {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: ad.title,
    description: ad.text,
    sku: String(ad.siteId),
    category: CATEGORY[ad.platform] ?? 'Divers',
    url,
    offers: offer,
  };
}

function detailPage(ad: DemoItem, url: string): string {
  const body = markup`<header><a href="/">Petites annonces Bruxelles</a></header>
    <main>
      <nav class="breadcrumb">
        <a href="/annonces">Annonces</a> ›
        <span class="ad-category">${CATEGORY[ad.platform] ?? 'Divers'}</span>
      </nav>
      <article class="ad" data-ad-id="${ad.siteId}">
        <h1 class="ad-title">${ad.title}</h1>
        <p class="ad-price"${ad.price ? markup` data-amount="${ad.price.amount}"` : ''}>${ad.price?.display ?? 'Prix à convenir'}</p>
        <dl class="ad-meta">
          ${
            ad.commune
              ? markup`<dt>Commune</dt>
                <dd class="ad-commune">${ad.commune}</dd>`
              : ''
          }
          <dt>Vendeur</dt>
          <dd class="ad-seller">${ad.seller}</dd>
          <dt>Publiée le</dt>
          <dd><time class="ad-date" datetime="${isoDate(ad.postedAt)}">${frenchDate(ad.postedAt)}</time></dd>
          <dt>Référence</dt>
          <dd class="ad-ref">${ad.siteId}</dd>
        </dl>
        <h2>Description</h2>
        <div class="ad-description">${ad.text}</div>
      </article>
    </main>`;
  const head = markup`${STYLE}
    <link rel="canonical" href="${url}" />
    <script type="application/ld+json">
      ${jsonForScript(jsonLd(ad, url))}
    </script>`;
  return page(`${ad.title} – Petites annonces Bruxelles`, body, head);
}

function detail(req: IncomingMessage, catalog: DemoCatalog, idText: string, base: string): Reply {
  if (!/^\d{1,9}$/.test(idText))
    return htmlReply(page('Introuvable', markup`<p>Annonce introuvable.</p>`), 404);
  const id = Number(idText);
  const ad = catalog.find('classifieds', id);
  if (!ad) {
    if (catalog.isHidden('classifieds', id)) {
      return htmlReply(
        page('Annonce retirée', markup`<p class="ad-removed">Cette annonce n'est plus disponible.</p>`),
        410,
      );
    }
    return htmlReply(page('Introuvable', markup`<p>Annonce introuvable.</p>`), 404);
  }
  return conditionalHtml(req, detailPage(ad, `${base}/annonce/${ad.siteId}`), ad.updatedAt);
}

/** The classifieds site: `/annonces?page=N` (newest first) and `/annonce/ID` with JSON-LD and conditional GET. */
export function createClassifiedsSite(catalog: DemoCatalog, baseUrl: () => string): Handler {
  return (req, url) => {
    const path = url.pathname;
    if (path === '/robots.txt') return textReply(PERMISSIVE_ROBOTS);
    if (path === '/') {
      return htmlReply(
        page(
          'Petites annonces Bruxelles',
          markup`<h1>Petites annonces Bruxelles</h1>
            <p><a href="/annonces">Toutes les annonces</a></p>`,
        ),
      );
    }
    if (path === '/annonces') {
      const pageNo = pageParam(url);
      if (pageNo === null) return htmlReply(page('Erreur', markup`<p>Numéro de page invalide.</p>`), 400);
      const ads = catalog.visible('classifieds').reverse();
      const slice = paginate(ads, pageNo, ADS_PER_PAGE);
      if (!slice) return htmlReply(page('Introuvable', markup`<p>Cette page n'existe pas.</p>`), 404);
      return htmlReply(listPage(slice.slice, pageNo, slice.pages, ads.length));
    }
    const m = /^\/annonce\/([^/]+)$/.exec(path);
    if (m) return detail(req, catalog, m[1]!, baseUrl());
    return htmlReply(page('Introuvable', markup`<p>Page introuvable.</p>`), 404);
  };
}
