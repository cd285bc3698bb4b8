import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The first run may download the engine packages (a few seconds); every later run starts in milliseconds.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
