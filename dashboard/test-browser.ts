import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright';
import { launchChromium as launchHeadlessChromium } from '../crawlers/chromium.ts';
import { expect } from 'vitest';
import { TEST_PASSWORD } from './test-server.ts';

/** Where browser tests leave their screenshots (a CI artefact). */
export const SCREENSHOT_DIR = 'test-results/screenshots';

/** Debian's Chromium through Playwright (no downloaded browser on these machines). */
export function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return launchHeadlessChromium(process.env.CHROMIUM_PATH);
}

/** Logs in through the login form, as a person would, and waits for the landing page. */
export async function login(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', TEST_PASSWORD);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/login')),
    page.click('button[type=submit]'),
  ]);
}

/** expect.poll with room for a loaded machine: pages render in ~0.1 s, but CI boxes stall. */
export function poll<T>(fn: () => T | Promise<T>) {
  return expect.poll(fn, { timeout: 10_000, interval: 50 });
}
