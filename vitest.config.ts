import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    exclude: ['node_modules/**', 'data/**'],
    // Real servers, SQLite files, Redis and Chromium: generous but bounded.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    env: { DOTENV_CONFIG_QUIET: 'true' },
  },
});
