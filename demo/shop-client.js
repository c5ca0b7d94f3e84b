// Vigie demo shop: renders the listings from /api/items in the browser, with DOM APIs only
// (textContent, never innerHTML: the item text is hostile input).
/* global document, window, fetch */
(function () {
  'use strict';
  const app = document.getElementById('app');

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function done() {
    app.removeAttribute('aria-busy');
    app.setAttribute('data-rendered', '1');
  }

  function fail(message) {
    app.appendChild(el('p', 'error', message));
    done();
  }

  function dateNode(className, iso) {
    const time = el(
      'time',
      className,
      new Date(iso).toLocaleString('fr-BE', { timeZone: 'Europe/Brussels' }),
    );
    time.setAttribute('datetime', iso);
    return time;
  }

  function renderList(data) {
    app.appendChild(el('h1', 'shop-heading', 'Nos produits'));
    const list = el('ul', 'products');
    for (const item of data.items) {
      const id = String(Number(item.id));
      const row = el('li', 'product');
      row.setAttribute('data-product-id', id);
      const link = el('a', 'product-link');
      link.href = '/produit/' + id;
      link.appendChild(el('span', 'product-title', item.title));
      row.appendChild(link);
      row.appendChild(el('span', 'product-price', item.price || 'Prix sur demande'));
      list.appendChild(row);
    }
    app.appendChild(list);
    const nav = el('nav', 'pagination');
    const page = Number(data.page);
    if (page > 1) {
      const prev = el('a', 'prev', '« Précédent');
      prev.rel = 'prev';
      prev.href = '/boutique?page=' + (page - 1);
      nav.appendChild(prev);
    }
    nav.appendChild(el('span', 'current', 'Page ' + page + ' / ' + Number(data.pages)));
    if (page < Number(data.pages)) {
      const next = el('a', 'next', 'Suivant »');
      next.rel = 'next';
      next.href = '/boutique?page=' + (page + 1);
      nav.appendChild(next);
    }
    app.appendChild(nav);
  }

  function renderDetail(item) {
    const article = el('article', 'product-detail');
    article.setAttribute('data-product-id', String(Number(item.id)));
    article.appendChild(el('h1', 'product-title', item.title));
    article.appendChild(el('p', 'product-price', item.price || 'Prix sur demande'));
    if (item.commune) article.appendChild(el('p', 'product-commune', item.commune));
    article.appendChild(el('p', 'product-seller', item.seller));
    article.appendChild(dateNode('product-date', item.postedAt));
    article.appendChild(el('div', 'product-description', item.text));
    app.appendChild(article);
    document.title = item.title + ' – Boutique';
  }

  async function main() {
    const detail = /^\/produit\/(\d+)$/.exec(window.location.pathname);
    const api = detail ? '/api/items/' + detail[1] : '/api/items' + window.location.search;
    const response = await fetch(api, { headers: { accept: 'application/json' } });
    if (!response.ok) return fail('Produit indisponible.');
    const data = await response.json();
    if (detail) renderDetail(data);
    else renderList(data);
    done();
  }

  main().catch(function () {
    fail('Chargement impossible.');
  });
})();
