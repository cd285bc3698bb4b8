import { defineConfig } from 'vitest/config';

/**
 * Workspace packages export their TypeScript sources under the `@orch/source` condition and their build
 * (`dist/`) by default: tests resolve the sources, so they run without a build and always test the code beside
 * them. The name is scoped because plain `source` is taken: some libraries (eventsource-parser among them)
 * export their own uncompiled sources under it. Vitest runs test files in Vite's server
 * (ssr) environment and passes these conditions on to its worker processes as `--conditions`.
 */
const SOURCE_CONDITIONS = ['@orch/source'];

/**
 * Test settings every package shares. CI runs all packages' suites side by side on a 2-core machine, so a test
 * may wait for the CPU far longer than it takes alone: limits are generous, and timing goals live in
 * benchmarks, not in tests.
 */
export default defineConfig({
  resolve: { conditions: SOURCE_CONDITIONS },
  ssr: { resolve: { conditions: SOURCE_CONDITIONS } },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
