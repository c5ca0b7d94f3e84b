import { existsSync } from 'node:fs';
import { chromium } from 'playwright';
import { AppError } from '../domain/index.ts';

/** Where Chromium may be when none is configured: Playwright's own download, then Debian's package. */
export function defaultChromiumCandidates(): string[] {
  const candidates: string[] = [];
  try {
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
export function findChromium(
  configured?: string,
  candidates: string[] = defaultChromiumCandidates(),
): string {
  if (configured) {
    if (existsSync(configured)) return configured;
    throw new AppError(
      'config',
      `Chromium not found at ${configured} (crawler.chromiumPath / VIGIE_CHROMIUM_PATH): fix the path or unset it to use /usr/bin/chromium`,
    );
  }
  const found = candidates.find((path) => existsSync(path));
  if (found) return found;
  throw new AppError(
    'unavailable',
    `browser mode needs Chromium and none was found (tried: ${candidates.join(', ')}). ` +
      'Install it with `apt-get install -y chromium`, or set crawler.chromiumPath (VIGIE_CHROMIUM_PATH) to a Chromium binary.',
  );
}
