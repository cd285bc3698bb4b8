import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      // The first run may download the engine packages (a few seconds); every later run starts in milliseconds.
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  }),
);
