import type { CheerioAPI } from 'cheerio';

/** What a schema.org Product / Offer block says about an ad. */
export interface JsonLdProduct {
  name?: string;
  description?: string;
  fields: Record<string, string>;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function types(node: Json): string[] {
  const t = node['@type'];
  return (Array.isArray(t) ? t : [t])
    .filter((x): x is string => typeof x === 'string')
    .map((x) => x.replace(/^.*[/#:]/, ''));
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (isObject(value)) return str(value.name) ?? str(value['@value']);
  if (Array.isArray(value)) return str(value[0]);
  return undefined;
}

/** Every object in the blocks, @graph and nested values included (bounded). */
function nodes(root: unknown, out: Json[] = [], depth = 0): Json[] {
  if (depth > 6 || out.length > 200) return out;
  if (Array.isArray(root)) root.forEach((item) => nodes(item, out, depth + 1));
  else if (isObject(root)) {
    out.push(root);
    for (const value of Object.values(root)) if (typeof value === 'object') nodes(value, out, depth + 1);
  }
  return out;
}

function offerFields(offer: Json, fields: Record<string, string>): void {
  const set = (key: string, value: string | undefined) => {
    if (value !== undefined && fields[key] === undefined) fields[key] = value;
  };
  set('price', str(offer.price) ?? str(offer.lowPrice));
  set('currency', str(offer.priceCurrency));
  set('availability', str(offer.availability)?.replace(/^.*\//, ''));
  set('seller', str(offer.seller));
  set('areaServed', str(offer.areaServed) ?? str(offer.availableAtOrFrom));
}

/** schema.org Product/Offer data from `<script type="application/ld+json">` blocks; broken JSON is ignored. */
export function readJsonLd($: CheerioAPI): JsonLdProduct | null {
  const all: Json[] = [];
  $('script[type="application/ld+json"]').each((_, el) => {
    try {
      nodes(JSON.parse($(el).text()), all);
    } catch {
      // A broken block on a scraped page is common and harmless: the CSS selectors still apply.
    }
  });
  const product = all.find((n) => types(n).some((t) => t === 'Product' || t === 'IndividualProduct'));
  const offer = product
    ? [product.offers].flat().find(isObject)
    : all.find((n) => types(n).some((t) => t === 'Offer' || t === 'AggregateOffer'));
  if (!product && !offer) return null;
  const result: JsonLdProduct = { fields: {} };
  const main = product ?? offer!;
  const name = str(main.name);
  const description = str(main.description);
  if (name) result.name = name;
  if (description) result.description = description;
  const sku = str(main.sku);
  const brand = str(main.brand);
  const category = str(main.category);
  if (sku) result.fields.sku = sku;
  if (brand) result.fields.brand = brand;
  if (category) result.fields.category = category;
  if (offer) offerFields(offer, result.fields);
  return result;
}
