import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // chdb allows one data folder per process: every test file gets its own process.
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
