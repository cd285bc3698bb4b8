import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      // Real llama-servers: the first run may fetch the engine; every later run starts servers in milliseconds.
      testTimeout: 120_000,
      hookTimeout: 120_000,
      // One file at a time: the failover proof needs the engine to be still decoding when it is killed, which a
      // machine busy with the other files' servers makes less certain. The whole suite takes about ten seconds.
      fileParallelism: false,
    },
  }),
);
