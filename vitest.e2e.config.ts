import { defineConfig } from 'vitest/config';

/** Browser tests: the built app in Debian's Chromium, one file at a time (a machine has two cores). */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['test/e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
