import { defineConfig } from 'vitest/config';

/**
 * Test settings every package shares. CI runs all packages' suites side by side on a 2-core machine, so a test
 * may wait for the CPU far longer than it takes alone: limits are generous, and timing goals live in
 * benchmarks, not in tests.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
