import { existsSync } from 'node:fs';
import type { Browser } from 'playwright';
import { AppError } from '../domain/index.ts';

/** Where Chromium may be when none is configured: Playwright's own download, then Debian's package. */
export async function defaultChromiumCandidates(): Promise<string[]> {
  const candidates: string[] = [];
  try {
    // Loaded on demand: http-only crawls never pay for Playwright's memory.
    const { chromium } = await import('playwright');
    candidates.push(chromium.executablePath());
  } catch {
    // Playwright throws when it knows no browser for this platform; the system one may still be there.
  }
  candidates.push('/usr/bin/chromium');
  return candidates;
}

/**
 * The Chromium binary for browser mode: the configured path (which must exist), else the first
 * candidate present. The error names every place tried and how to install one.
 */
export async function findChromium(configured?: string, candidates?: string[]): Promise<string> {
  if (configured) {
    if (existsSync(configured)) return configured;
    throw new AppError(
      'config',
      `Chromium not found at ${configured} (crawler.chromiumPath / VIGIE_CHROMIUM_PATH): fix the path or unset it to use /usr/bin/chromium`,
    );
  }
  const tried = candidates ?? (await defaultChromiumCandidates());
  const found = tried.find((path) => existsSync(path));
  if (found) return found;
  throw new AppError(
    'unavailable',
    `browser mode needs Chromium and none was found (tried: ${tried.join(', ')}). ` +
      'Install it with `apt-get install -y chromium`, or set crawler.chromiumPath (VIGIE_CHROMIUM_PATH) to a Chromium binary.',
  );
}

/** Flags for headless Chromium on these machines: no sandbox as root, no background traffic. */
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches headless Chromium found by findChromium; the process, not Playwright, handles signals. */
export async function launchChromium(configured?: string): Promise<Browser> {
  const executablePath = await findChromium(configured);
  const { chromium } = await import('playwright');
  // Playwright's own signal handlers would exit(130) mid-crawl, before our shutdown ran.
  return chromium.launch({
    executablePath,
    headless: true,
    args: LAUNCH_ARGS,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}
