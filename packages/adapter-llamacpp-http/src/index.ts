export { type ConvertedLlamaCppRequest, convertToLlamaCppRequest } from './convert-to-llamacpp-request.js';
export {
  createLlamaCppAdapter,
  type LlamaCppAdapter,
  type LlamaCppAdapterSettings,
} from './llamacpp-adapter.js';
export type { LlamaCppEngineMetrics } from './llamacpp-engine-metrics.js';
export { type LlamaCppReplicaOptions, llamaCppModule } from './llamacpp-module.js';
export type { ChatTemplateFallback } from './resolve-llamacpp-prompt.js';
