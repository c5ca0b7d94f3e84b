/** HTTP validators of a page, for conditional GET. */
export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

/** One fetched page, whichever fetcher got it. */
export interface FetchedPage {
  /** The URL asked for (before redirects). */
  requestUrl: string;
  finalUrl: string;
  status: number;
  /** Lowercase names; cookies left out. */
  headers: Record<string, string>;
  /** The body as received (decompressed), or the rendered DOM in browser mode; empty on 304. */
  body: Uint8Array;
  text: string;
  contentType: string;
  fetchedAt: string;
  /** A 304 answer to a conditional GET. */
  notModified: boolean;
  /** Browser mode: PNG of the rendered page. */
  screenshot: Uint8Array | null;
}

export interface FetchOptions {
  validators?: Validators | null;
  /** Override of the fetcher's body cap (robots.txt). */
  maxBodyBytes?: number;
}

/** Gets pages for the crawl engine: over HTTP, or through a browser. */
export interface Fetcher {
  fetch(url: string, options?: FetchOptions): Promise<FetchedPage>;
  close(): Promise<void>;
}
