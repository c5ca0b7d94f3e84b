/**
 * Vigie's crawlers: `runCrawl(source, sink, deps)` crawls one source once (http or browser mode;
 * listing, telegram, feed and forum kinds) and hands listings with evidence to the sink;
 * `createFsEvidenceStore(dir)` keeps that evidence as gzip files by SHA-256.
 */
export { runCrawl } from './engine.ts';
export { createFsEvidenceStore, evidencePath } from './evidence-store.ts';
export { findChromium } from './chromium.ts';
export { isBlockedAddress } from './address-guard.ts';
export { normalizeUrl } from './url.ts';
export type * from './types.ts';
