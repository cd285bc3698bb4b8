export { type CachedRead, createCachedRead } from './create-cached-read.js';
export {
  createEngineAdapter,
  type EngineAdapter,
  type EngineAdapterDescription,
  type EngineFacts,
  type EngineFactsSource,
  type EngineHealthPath,
  type EngineLoadSource,
  type EngineProperties,
  type EngineStreamDescription,
} from './create-engine-adapter.js';
export {
  createEngineAgents,
  type EngineAgents,
  getSharedEngineAgents,
} from './create-engine-agents.js';
export { createStopStringFilter, type StopStringFilter } from './create-stop-string-filter.js';
export { createTokenizerEstimate } from './create-tokenizer-estimate.js';
export type { EngineAdapterSettings } from './engine-adapter-settings.js';
export {
  createEngineClient,
  type EngineCallOptions,
  type EngineClient,
  type EngineClientSettings,
  type EngineJsonCallOptions,
} from './engine-client.js';
export {
  createErrorBodyParser,
  type EngineErrorBodyParser,
  type EngineErrorDetails,
  parseCommonErrorBody,
} from './engine-error-details.js';
export type { EngineResponseHeaders } from './engine-response-headers.js';
export { describeReplica, joinEngineUrl } from './engine-url.js';
export {
  estimateTokensHeuristically,
  HEURISTIC_BYTES_PER_TOKEN,
} from './estimate-tokens-heuristically.js';
export type { LlamaSamplerOptions } from './llama-sampler-options.js';
export {
  classifyEngineStatus,
  type EngineFailureClassifier,
  type EngineHttpFailure,
  isContextLengthFailure,
  type MapEngineHttpErrorOptions,
  mapEngineErrorBody,
  mapEngineHttpError,
} from './map-engine-http-error.js';
export {
  findNetworkErrorCode,
  isConnectionFailure,
  isStaleConnectionFailure,
  mapFetchFailure,
} from './map-fetch-failure.js';
export { mapToLlamaSamplerOptions } from './map-to-llama-sampler-options.js';
export { convertToOpenAiResponseFormat } from './openai-compatible/convert-to-openai-response-format.js';
export {
  createOpenAiStreamTranslator,
  NO_FINISH_REASON_RAW,
  type OpenAiStreamTranslatorOptions,
} from './openai-compatible/create-openai-stream-translator.js';
export {
  type DiscoverVersionOptions,
  discoverOpenAiEngineVersion,
  isBetterEngineVersion,
  type OpenAiEngineVersion,
  type OpenAiEngineVersionSource,
  UNREPORTED_ENGINE_VERSION,
} from './openai-compatible/discover-openai-engine-version.js';
export {
  CHAT_TOKENS_PER_MESSAGE,
  CHAT_TOKENS_PER_REPLY,
  countTokensByCharacters,
  estimateTokensByCharacters,
} from './openai-compatible/estimate-tokens-by-characters.js';
export {
  formatOpenAiFinishReasonRaw,
  mapOpenAiFinishReason,
} from './openai-compatible/map-openai-finish-reason.js';
export {
  type OpenAiRoute,
  type OpenAiStreamChoice,
  type OpenAiStreamChunk,
  type OpenAiTimings,
  type OpenAiUsage,
  openAiChatChunkSchema,
  openAiChatStreamChunkSchema,
  openAiCompletionChunkSchema,
  openAiCompletionStreamChunkSchema,
  openAiUsageSchema,
} from './openai-compatible/openai-chunk-schemas.js';
export {
  type OpenAiErrorDetails,
  openAiErrorBodySchema,
  parseOpenAiErrorBody,
  readOpenAiError,
  toEngineErrorDetails,
} from './openai-compatible/openai-error-body.js';
export {
  findModelCard,
  type OpenAiModelCard,
  type OpenAiModelList,
  openAiModelListSchema,
  pickServedModelCard,
  readModelContextSize,
  readModelDigest,
} from './openai-compatible/openai-model-list.js';
export type { OpenAiResponseFormat } from './openai-compatible/openai-response-format.js';
export {
  OPENAI_DONE_SENTINEL,
  type OpenAiStreamMessage,
  parseOpenAiStreamMessage,
} from './openai-compatible/parse-openai-stream-message.js';
export { type EnginePayloadContext, parseEngineJson } from './parse-engine-json.js';
export { findSampleValue, type PrometheusSample, parsePrometheusText } from './parse-prometheus-text.js';
export { parseRetryAfter } from './parse-retry-after.js';
export {
  type HealthInterpreter,
  type HealthProbeOptions,
  type HealthReply,
  interpretHealthStatus,
  probeEngineHealth,
} from './probe-engine-health.js';
export { readEngineLoad } from './read-engine-load.js';
export { type PrometheusMetricsOptions, readPrometheusMetrics } from './read-prometheus-metrics.js';
export {
  type EngineRequestOptions,
  type EngineResponse,
  type ReadTextOptions,
  requestEngine,
} from './request-engine.js';
export { resolveTaskSeed } from './resolve-task-seed.js';
export {
  type EngineMessage,
  type EngineStreamEnd,
  type EngineStreamMetrics,
  type EngineStreamSpec,
  type EngineStreamStep,
  type EngineStreamTranslator,
  type OpenedEngineStream,
  runEngineStream,
} from './run-engine-stream.js';
export {
  listDroppedFields,
  ORCHESTRATOR_TASK_FIELDS,
  type OrchestratorTaskField,
  type TaskFieldUse,
  type TaskFieldUses,
  warnDroppedFields,
} from './task-field-uses.js';
export { createTaskRegistry, type TaskRegistry } from './task-registry.js';
export { type IdleTimeoutOptions, withIdleTimeout } from './with-idle-timeout.js';
