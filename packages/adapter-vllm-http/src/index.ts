export { type ConvertedVllmRequest, convertToVllmRequest } from './convert-to-vllm-request.js';
export { VLLM_SAMPLER_PROFILE } from './read-vllm-properties.js';
export { createVllmAdapter, type VllmAdapter, type VllmAdapterSettings } from './vllm-adapter.js';
export type { VllmEngineMetrics } from './vllm-engine-metrics.js';
export { type VllmReplicaOptions, vllmModule } from './vllm-module.js';
