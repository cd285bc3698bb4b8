import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The first run downloads a Node.js build (about 50 MB, a few seconds); later runs find it in .cache.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
