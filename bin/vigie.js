#!/usr/bin/env node
// Runs the TypeScript sources through tsx, so `npm start` works right after `npm ci` with no build step.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('./cli.ts');
process.exitCode = await main(process.argv.slice(2));
