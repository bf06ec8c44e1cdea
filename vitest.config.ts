// Two test projects: `unit` (pure modules, real SQLite files, real servers on loopback) and `e2e`
// (Debian Chromium through playwright-core). `npm test` runs both; `npm run test:e2e` the second.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // the vision results of the shared images, once, before any test (tests/warmVisionCache.ts)
    globalSetup: ['tests/warmVisionCache.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // one browser at a time on a 2-core machine
          fileParallelism: false,
        },
      },
    ],
  },
});
