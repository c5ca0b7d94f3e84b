/** Query parameters that only track clicks: dropped so one page is crawled once. */
const TRACKING_PARAM = /^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|_ga)$/i;

/**
 * The canonical form of a URL inside a run: absolute, http(s) only, no fragment, lowercase host,
 * no default port, tracking parameters dropped and the rest sorted. Null when not crawlable.
 */
export function normalizeUrl(href: string, base?: string): string | null {
  let url: URL;
  try {
    url = new URL(href.trim(), base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password) return null;
  url.hash = '';
  if (url.search) {
    const params = [...url.searchParams].filter(([k]) => !TRACKING_PARAM.test(k));
    params.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    url.search = new URLSearchParams(params).toString();
  }
  return url.href;
}

/** Decides which hosts a source may visit: its allowedHosts plus the hosts of its start URLs. */
export function createHostScope(startUrls: string[], allowedHosts: string[]): (url: string) => boolean {
  const exact = new Set<string>();
  const suffixes: string[] = [];
  for (const entry of allowedHosts) {
    const host = entry.toLowerCase();
    if (host.startsWith('*.')) suffixes.push(host.slice(1));
    else exact.add(host);
  }
  for (const start of startUrls) exact.add(new URL(start).host.toLowerCase());
  return (url) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    const host = parsed.host.toLowerCase();
    const hostname = parsed.hostname.toLowerCase();
    if (exact.has(host) || exact.has(hostname)) return true;
    return suffixes.some((suffix) => hostname.endsWith(suffix));
  };
}
