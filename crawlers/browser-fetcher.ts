import type { Browser, BrowserContext } from 'playwright';
import type { AddressGuard } from './address-guard.ts';
import { findChromium, launchChromium } from './chromium.ts';
import { abortedError, crawlDetails, crawlError } from './errors.ts';
import type { FetchedPage, Fetcher } from './fetcher.ts';

export interface BrowserFetcherOptions {
  chromiumPath?: string;
  userAgent: string;
  timeoutMs: number;
  maxBodyBytes: number;
  maxRedirects: number;
  waitFor?: string;
  screenshot: boolean;
  guard: AddressGuard;
  inScope: (url: string) => boolean;
  signal?: AbortSignal;
}

/**
 * Renders pages in one headless Chromium per crawl (launched on first use): waits for
 * `waitFor`, returns the rendered DOM and a PNG. Requests outside the source's hosts or to
 * refused addresses are aborted, so a hostile page cannot make the browser reach elsewhere.
 */
export function createBrowserFetcher(opts: BrowserFetcherOptions): Fetcher {
  let launching: Promise<{ browser: Browser; context: BrowserContext }> | null = null;

  async function launch(): Promise<{ browser: Browser; context: BrowserContext }> {
    const executablePath = await findChromium(opts.chromiumPath);
    let browser: Browser;
    try {
      browser = await launchChromium(executablePath);
    } catch (cause) {
      throw crawlError(
        'browser',
        executablePath,
        `cannot start Chromium: ${(cause as Error).message.split('\n')[0]}`,
        { cause },
      );
    }
    const context = await browser.newContext({
      userAgent: opts.userAgent,
      serviceWorkers: 'block',
      acceptDownloads: false,
    });
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      const allowed =
        /^https?:/.test(url) &&
        opts.inScope(url) &&
        (await opts.guard.check(url).then(
          () => true,
          () => false,
        ));
      await (allowed ? route.continue() : route.abort('blockedbyclient'));
    });
    return { browser, context };
  }

  async function render(url: string, context: BrowserContext): Promise<FetchedPage> {
    const page = await context.newPage();
    try {
      const response = await page.goto(url, { waitUntil: 'load', timeout: opts.timeoutMs });
      if (!response) throw crawlError('browser', url, 'no response to the navigation');
      let hops = 0;
      for (let r = response.request().redirectedFrom(); r; r = r.redirectedFrom()) hops++;
      if (hops > opts.maxRedirects)
        throw crawlError('redirects', url, `more than ${opts.maxRedirects} redirects`);
      const status = response.status();
      if (status >= 400) {
        throw crawlError(status >= 500 ? 'http_5xx' : 'http_4xx', url, `HTTP ${status}`, {
          status,
          retryable: status >= 500 || status === 429,
        });
      }
      if (opts.waitFor) {
        await page
          .waitForSelector(opts.waitFor, { timeout: opts.timeoutMs, state: 'attached' })
          .catch((cause: unknown) => {
            throw crawlError('timeout', url, `"${opts.waitFor}" did not appear within ${opts.timeoutMs} ms`, {
              cause,
              retryable: true,
            });
          });
      }
      const html = await page.content();
      const body = Buffer.from(html, 'utf8');
      if (body.length > opts.maxBodyBytes)
        throw crawlError('too_large', url, `rendered page larger than ${opts.maxBodyBytes} bytes`);
      const screenshot = opts.screenshot
        ? await page.screenshot({ type: 'png', fullPage: true, timeout: opts.timeoutMs })
        : null;
      const headers = await response.allHeaders();
      delete headers['set-cookie'];
      return {
        requestUrl: url,
        finalUrl: page.url(),
        status,
        headers,
        body,
        text: html,
        contentType: 'text/html; charset=utf-8',
        fetchedAt: new Date().toISOString(),
        notModified: false,
        screenshot,
      };
    } finally {
      await page.close().catch(() => undefined);
    }
  }

  return {
    async fetch(url) {
      if (opts.signal?.aborted) throw abortedError(url);
      await opts.guard.check(url);
      launching ??= launch();
      const { context } = await launching;
      try {
        return await render(url, context);
      } catch (err) {
        if (crawlDetails(err)) throw err;
        const message = (err as Error).message.split('\n')[0] ?? String(err);
        const timeout = (err as Error).name === 'TimeoutError';
        throw crawlError(timeout ? 'timeout' : 'browser', url, `browser: ${message}`, {
          cause: err,
          retryable: true,
        });
      }
    },
    async close() {
      if (!launching) return;
      const started = launching;
      launching = null;
      const { browser } = await started.catch(() => ({ browser: null }));
      await browser?.close();
    },
  };
}
