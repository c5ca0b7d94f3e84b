export { runCrawl } from './engine.ts';
export { createFsEvidenceStore, evidencePath } from './evidence-store.ts';
export { findChromium } from './chromium.ts';
export { isBlockedAddress } from './address-guard.ts';
export { normalizeUrl } from './url.ts';
export type * from './types.ts';
