import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { normalizeUrl } from '../url.ts';

/** `css@attr` split in two; an empty css means the scope element itself (`@data-id`). */
export function parseSelector(selector: string): { css: string; attr: string | null } {
  const match = /^(.*?)@([a-zA-Z_:][\w:.-]*)$/.exec(selector.trim());
  if (!match) return { css: selector.trim(), attr: null };
  return { css: match[1]!.trim(), attr: match[2]! };
}

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'head', 'iframe', 'svg']);
const BLOCK = new Set([
  'p',
  'div',
  'li',
  'ul',
  'ol',
  'tr',
  'table',
  'section',
  'article',
  'header',
  'footer',
  'blockquote',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'pre',
  'dd',
  'dt',
  'dl',
  'hr',
  'aside',
  'figure',
  'figcaption',
]);

function walk(node: AnyNode, out: string[]): void {
  if (node.type === 'text') {
    out.push((node as unknown as { data: string }).data);
    return;
  }
  if (node.type === 'cdata' || node.type === 'root') {
    for (const child of (node as unknown as { children: AnyNode[] }).children) walk(child, out);
    return;
  }
  if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') return;
  const el = node as Element;
  const name = el.name.toLowerCase();
  if (SKIP.has(name)) return;
  if (name === 'br') {
    out.push('\n');
    return;
  }
  const block = BLOCK.has(name);
  if (block) out.push('\n');
  for (const child of el.children) walk(child, out);
  if (block) out.push('\n');
}

/** Visible text of nodes, with line breaks where blocks and `<br>` were, whitespace collapsed. */
export function textOf(nodes: Cheerio<AnyNode> | AnyNode[]): string {
  const out: string[] = [];
  for (const node of nodes as ArrayLike<AnyNode> & Iterable<AnyNode>) walk(node, out);
  return out
    .join('')
    .replace(/[ \t\f\r\v\u00a0]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const URL_ATTRS = new Set(['href', 'src', 'action', 'data-href', 'data-src']);

function valueOf($: CheerioAPI, el: AnyNode, attr: string | null, baseUrl: string): string | null {
  if (attr === null) return textOf([el]);
  const raw = $(el).attr(attr);
  if (raw === undefined) return null;
  if (URL_ATTRS.has(attr.toLowerCase())) return normalizeUrl(raw, baseUrl) ?? raw.trim();
  return raw.trim();
}

function matches($: CheerioAPI, scope: Cheerio<AnyNode> | null, css: string): Cheerio<AnyNode> {
  if (css === '') return scope ?? $.root();
  return scope ? scope.find(css) : $(css);
}

/** The first non-empty value a selector gives inside `scope` (the document when null). */
export function pick(
  $: CheerioAPI,
  scope: Cheerio<AnyNode> | null,
  selector: string,
  baseUrl: string,
): string | null {
  const { css, attr } = parseSelector(selector);
  for (const el of matches($, scope, css).toArray()) {
    const value = valueOf($, el, attr, baseUrl);
    if (value) return value;
  }
  return null;
}

/** Every non-empty value a selector gives (links use `href` when no attribute is named). */
export function pickAll(
  $: CheerioAPI,
  scope: Cheerio<AnyNode> | null,
  selector: string,
  baseUrl: string,
  linkAttr = false,
): string[] {
  const parsed = parseSelector(selector);
  const attr = parsed.attr ?? (linkAttr ? 'href' : null);
  const values: string[] = [];
  for (const el of matches($, scope, parsed.css).toArray()) {
    const value = valueOf($, el, attr, baseUrl);
    if (value) values.push(value);
  }
  return values;
}

/** `text` cut to `max` characters (scraped content is hostile: every field is bounded). */
export function cap(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** An ISO date from a scraped date string, or null when it does not parse. */
export function isoDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const time = Date.parse(value.trim());
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}
