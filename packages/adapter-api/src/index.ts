export { abortableDelay } from './abortable-delay.js';
export type { AdapterCapabilities } from './adapter-capabilities.js';
export type { AdapterHealth, HealthState } from './adapter-health.js';
export type { AdapterLogger } from './adapter-logger.js';
export { silentLogger } from './adapter-logger.js';
export type { AdapterProperties } from './adapter-properties.js';
export type { ChatMessage } from './chat-message.js';
export type { CompleteWorkerAdapter } from './complete-worker-adapter.js';
export { CONTRACT_VERSION } from './contract-version.js';
export { deriveSeed } from './derive-seed.js';
export type { EngineKind } from './engine-kind.js';
export type { EngineLoad } from './engine-load.js';
export {
  ALL_ERROR_CODES,
  ERROR_CODES,
  type ErrorCode,
  type ErrorCodeInfo,
  isErrorCode,
} from './errors/error-codes.js';
export type { ErrorContext } from './errors/error-context.js';
export { excerptBody, REDACTED, redactSecrets } from './errors/redact-secrets.js';
export { isTaskError, TaskError, type TaskErrorOptions } from './errors/task-error.js';
export { toTaskError } from './errors/to-task-error.js';
export { checkEventSequence } from './events/check-event-sequence.js';
export { createStartedEvent, type StartedFacts } from './events/create-started-event.js';
export type { EndEvent } from './events/end-event.js';
export type { ErrorEvent } from './events/error-event.js';
export type { FailoverNote } from './events/failover-note.js';
export type { MetricsEvent } from './events/metrics-event.js';
export { parseStreamEvent } from './events/parse-stream-event.js';
export { readTaskStream } from './events/read-task-stream.js';
export type { StartedEvent } from './events/started-event.js';
export {
  isTerminalEvent,
  STREAM_EVENT_TYPES,
  type StreamEvent,
  type TerminalEvent,
} from './events/stream-event.js';
export { streamEventSchema } from './events/stream-event-schema.js';
export type { TokenEvent } from './events/token-event.js';
export type { FinishReason } from './finish-reason.js';
export type { AdapterModule } from './modules/adapter-module.js';
export type { AdapterModuleInput } from './modules/adapter-module-input.js';
export { assessBatchingEngineDeterminism } from './modules/assess-batching-engine-determinism.js';
export type { DeterminismAssessment } from './modules/determinism-assessment.js';
export type { DeterminismConfigProblem } from './modules/determinism-config-problem.js';
export type { DeterminismVerdict } from './modules/determinism-verdict.js';
export type { EngineHealthPreset } from './modules/engine-health-preset.js';
export type { HttpEngineSettings } from './modules/http-engine-settings.js';
export type { HttpEngineTimeoutOptions } from './modules/http-engine-timeout-options.js';
export { readHttpEngineSettings } from './modules/read-http-engine-settings.js';
export type { ReplicaDeterminismSettings } from './modules/replica-determinism-settings.js';
export { requireBaseUrl } from './modules/require-base-url.js';
export {
  DEFAULT_RESPONSE_SCHEMA_NAME,
  resolveResponseSchema,
} from './resolve-response-schema.js';
export { type ResolvedSampling, resolveSampling } from './resolve-sampling.js';
export type { ResponseFormat } from './response-format.js';
export {
  SAMPLER_PROFILE,
  SAMPLER_PROFILE_VERSION,
  type SamplerProfile,
} from './sampler-profile.js';
export { type ByteSource, iterateBytes } from './sse/byte-source.js';
export { createNdjsonParser, type NdjsonParser } from './sse/create-ndjson-parser.js';
export { createSseParser, type SseParser, type SseParserOptions } from './sse/create-sse-parser.js';
export { decodeNdjsonStream } from './sse/decode-ndjson-stream.js';
export { type DecodeSseOptions, decodeSseStream } from './sse/decode-sse-stream.js';
export { encodeSseComment, encodeSseEvent } from './sse/encode-sse-event.js';
export type { SseMessage } from './sse/sse-message.js';
export { createTaskStream } from './stream/create-task-stream.js';
export type { TaskEventSink } from './stream/task-event-sink.js';
export type { TaskStream } from './stream/task-stream.js';
export type { TaskStreamControl } from './stream/task-stream-control.js';
export { taskStreamFromEvents } from './stream/task-stream-from-events.js';
export type { StructuredOutputResult } from './structured-output-result.js';
export type { SubmitOptions } from './submit-options.js';
export type { Task } from './task.js';
export type { TaskDeterminism } from './task-determinism.js';
export type { TaskPriority } from './task-priority.js';
export type { TokenEstimate } from './token-estimate.js';
export { withAdapterDefaults } from './with-adapter-defaults.js';
export type { WorkerAdapter } from './worker-adapter.js';
