/** Markup that is already safe to emit: produced by `markup` or `raw`, never from untrusted text. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Marks trusted markup (our own constants) as safe; never pass corpus text here. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

type Value = string | number | SafeHtml | null | undefined | false | readonly Value[];

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** Template tag: every interpolated value is escaped unless it is SafeHtml (nested `markup` or `raw`). */
export function markup(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** JSON for an inline `<script type="application/ld+json">`: nothing in it can close the script element. */
export function jsonForScript(data: unknown): SafeHtml {
  const json = JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return new SafeHtml(json);
}

// XML 1.0 forbids most control characters even when escaped; hostile text may carry them.
const XML_INVALID = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes text for XML content and attributes (RSS, Atom), dropping characters XML cannot carry. */
export function escapeXml(text: string): string {
  return escapeHtml(text.replace(XML_INVALID, ''));
}

/** A full HTML page with our shared head; `body` must already be SafeHtml. */
export function page(title: string, body: SafeHtml, extraHead: SafeHtml = raw('')): string {
  return markup`<!doctype html>
    <html lang="fr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        ${extraHead}
      </head>
      <body>
        ${body}
      </body>
    </html> `.value;
}
