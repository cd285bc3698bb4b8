export { CLI_USAGE, type CliCommand, CliUsageError, DEFAULT_PORTS, parseCliArgs } from './cli-args.js';
export type { FakeEngineStats } from './core/fake-engine-stats.js';
export type { RecordedRequest } from './core/fake-request.js';
export {
  type FaultSettings,
  faultSettingsSchema,
  parseFaultSettings,
  SERVER_WIDE_FAULTS,
} from './core/fault-settings.js';
export {
  type GenerationParams,
  type GenerationPlan,
  type PlannedFinish,
  type PlannedToken,
  planGeneration,
} from './core/generation-plan.js';
export { detokenize, tokenize } from './core/tokenizer.js';
export type { FakeEngine } from './fake-engine.js';
export { FAKE_ENGINE_KINDS, type FakeEngineKind, isFakeEngineKind } from './fake-engine-kind.js';
export type { FakeEngineOptions } from './fake-engine-options.js';
export type { LlamaCppFakeOptions } from './llamacpp/llamacpp-fake-options.js';
export type { OllamaFakeOptions } from './ollama/ollama-fake-options.js';
export { CONTROL_PREFIX, startFakeEngine } from './start-fake-engine.js';
export {
  type RawHttpRequestOptions,
  type RawHttpResponse,
  rawHttpRequest,
} from './testing/raw-http-request.js';
export type { TgiFakeOptions } from './tgi/tgi-fake-options.js';
export type { TritonFakeOptions } from './triton/triton-fake-options.js';
export type { VllmFakeOptions } from './vllm/vllm-fake-options.js';
