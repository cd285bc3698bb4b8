import type { TinyLlamaOptions } from '@orch/tiny-gguf';

/** How to start a llama-server for a test. Every field has a default. */
export interface StartLlamaServerOptions {
  /** Port to listen on; 0 (the default) lets the server take a free ephemeral port. */
  port?: number;
  /** Seed of the tiny model's weights. Default 0. Ignored when `modelPath` is set. */
  seed?: number;
  /** Further tiny-model options (shape, vocabulary size, name). Ignored when `modelPath` is set. */
  model?: Omit<TinyLlamaOptions, 'seed'>;
  /** Serve this GGUF file instead of generating the tiny model. */
  modelPath?: string;
  /** Parallel slots (`-np`). Default 2. */
  slots?: number;
  /** Total context (`-c`), split evenly between slots. Default 512 per slot. */
  contextSize?: number;
  /** CPU threads (`-t`). Default 1: enough for the tiny model, and parallel test files do not starve. */
  threads?: number;
  /** Extra command line arguments, appended last (e.g. `['--no-cont-batching']`). */
  extraArgs?: readonly string[];
  /** How long to wait for `/health` to answer 200. Default 30 000 ms. */
  startupTimeoutMs?: number;
  /** How long `stop()` waits after SIGTERM before SIGKILL. Default 5 000 ms. */
  stopGraceMs?: number;
  /** Called with each line the server writes (for debugging a test). */
  onLogLine?: (line: string) => void;
}
