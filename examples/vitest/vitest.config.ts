import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Runs the example from the repository root (where the demo model and data are):
// `npx vitest run --config examples/vitest/vitest.config.ts`.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['examples/vitest/**/*.test.ts'],
    testTimeout: 120_000,
  },
});
