import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Real-engine tests may fetch llama-server on a cold cache (a few seconds); fake-engine tests take < 1 s each.
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
