export { type ConvertedTgiRequest, convertToTgiRequest } from './convert-to-tgi-request.js';
export type { TgiChatTemplateFallback } from './resolve-tgi-prompt.js';
export { createTgiAdapter, type TgiAdapter, type TgiAdapterSettings } from './tgi-adapter.js';
export type { TgiGenerateParameters, TgiGenerateRequest } from './tgi-api-types.js';
export type { TgiEngineMetrics } from './tgi-engine-metrics.js';
export { type TgiReplicaOptions, tgiModule } from './tgi-module.js';
