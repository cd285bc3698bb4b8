import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      // Real-engine tests may fetch llama-server on a cold cache (a few seconds); fake-engine tests take < 1 s each.
      testTimeout: 30_000,
      hookTimeout: 120_000,
    },
  }),
);
