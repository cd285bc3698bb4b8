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
export { describeReplica, joinEngineUrl } from './engine-url.js';
export {
  classifyEngineStatus,
  type EngineFailureClassifier,
  type EngineHttpFailure,
  isContextLengthFailure,
  type MapEngineHttpErrorOptions,
  mapEngineErrorBody,
  mapEngineHttpError,
} from './map-engine-http-error.js';
export { findNetworkErrorCode, isConnectionFailure, mapFetchFailure } from './map-fetch-failure.js';
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
export {
  type EngineRequestOptions,
  type EngineResponse,
  type ReadTextOptions,
  requestEngine,
} from './request-engine.js';
export {
  type EngineMessage,
  type EngineStreamSpec,
  type EngineStreamStep,
  type EngineStreamTranslator,
  type OpenedEngineStream,
  runEngineStream,
} from './run-engine-stream.js';
export { createTaskRegistry, type TaskRegistry } from './task-registry.js';
export { type IdleTimeoutOptions, withIdleTimeout } from './with-idle-timeout.js';
