import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Ink drops intermediate frames under CI=true; component tests need them. Runs in tests compute
    // every attack (no result cache) unless a test turns the cache on for itself.
    env: { CI: 'false', ROBUSTCHECK_CACHE: 'off' },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
