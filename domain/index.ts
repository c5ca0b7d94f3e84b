export * from './errors.ts';
export * from './logger.ts';
export * from './signal.ts';
export * from './source.ts';
export * from './listing.ts';
export * from './crawl-run.ts';
export * from './alert.ts';
export * from './user.ts';
