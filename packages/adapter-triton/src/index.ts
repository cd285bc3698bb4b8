export {
  type ConvertedTritonRequest,
  convertToTritonRequest,
  type TritonSeedInputs,
} from './convert-to-triton-request.js';
export type { TritonTextMode } from './create-triton-text-decoder.js';
export type { TritonChatFallback } from './resolve-triton-prompt.js';
export type { TritonSeedInputSetting } from './resolve-triton-seed-inputs.js';
export type { TritonTextModeSetting } from './resolve-triton-text-mode.js';
export { createTritonAdapter, type TritonAdapter, type TritonAdapterSettings } from './triton-adapter.js';
export type { TritonGenerateRequest, TritonSeedInputName } from './triton-api-types.js';
export type { TritonEngineMetrics } from './triton-engine-metrics.js';
export { type TritonReplicaOptions, tritonModule } from './triton-module.js';
