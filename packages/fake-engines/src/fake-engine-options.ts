import type { RecordedRequest } from './core/fake-request.js';
import type { FaultSettings } from './core/fault-settings.js';
import type { LlamaCppFakeOptions } from './llamacpp/llamacpp-fake-options.js';
import type { OllamaFakeOptions } from './ollama/ollama-fake-options.js';
import type { TgiFakeOptions } from './tgi/tgi-fake-options.js';
import type { TritonFakeOptions } from './triton/triton-fake-options.js';
import type { VllmFakeOptions } from './vllm/vllm-fake-options.js';

/** Options of `startFakeEngine`; every field is optional. */
export interface FakeEngineOptions {
  /** Interface to bind (default `127.0.0.1`). */
  host?: string;
  /** Port (default 0: a free one). */
  port?: number;
  /** Served model name (defaults per engine: a HF id for vLLM/TGI, `ensemble` for Triton, `llama3.2:1b` for
   * Ollama, `fake-model` for llama.cpp). */
  model?: string;
  /** Default pace of every stream in tokens per second; 0 or absent is unthrottled. `faults.tokensPerSecond`
   * overrides it. */
  tokensPerSecond?: number;
  /** Fault knobs in force from the start. */
  faults?: FaultSettings;
  /** Natural length: tokens before the model emits EOS (default 48; 0 = never, so max tokens decides). */
  eosAfterTokens?: number;
  /** Seed for requests that carry none (default: a random seed per request, as real engines do). */
  defaultSeed?: number;
  /** Context length in tokens (vLLM `max_model_len`, TGI `max_total_tokens`, llama.cpp `n_ctx`…; default 4096). */
  contextLength?: number;
  /** Concurrent generations; more wait in a queue (default 4 for llama.cpp, 64 for the others). */
  slots?: number;
  /** Require this API key on inference routes (vLLM and llama.cpp check it; others ignore it). */
  apiKey?: string;
  /** Engine version to report (defaults per engine). */
  version?: string;
  /** Serve the `/__fake/…` control routes (faults, stats, requests) for out-of-process tests (default true). */
  controlRoutes?: boolean;
  /** Keep at most this many entries in `engine.requests`, dropping the oldest (default 10 000). */
  maxRecordedRequests?: number;
  /** Called for every recorded request (the CLI's `--log-requests`). */
  onRequest?: (request: RecordedRequest) => void;
  /** vLLM switches. */
  vllm?: VllmFakeOptions;
  /** TGI switches. */
  tgi?: TgiFakeOptions;
  /** Triton switches. */
  triton?: TritonFakeOptions;
  /** Ollama switches. */
  ollama?: OllamaFakeOptions;
  /** llama.cpp switches. */
  llamacpp?: LlamaCppFakeOptions;
}
