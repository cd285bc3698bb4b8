import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      // The first run downloads a Node.js build (about 50 MB, a few seconds); later runs find it in .cache.
      testTimeout: 120_000,
      hookTimeout: 120_000,
    },
  }),
);
