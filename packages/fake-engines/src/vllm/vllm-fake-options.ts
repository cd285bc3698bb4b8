/** vLLM-specific switches between real behaviours that changed across versions (specs/engines/vllm.md, specs/engines/cross-engine.md E.12). */
export interface VllmFakeOptions {
  /** Error body: `nested` `{"error":{…}}` (v0.10.1 and later, default) or `flat` `{"object":"error",…}` (older). */
  errorBodyStyle?: 'nested' | 'flat';
  /** Also expose the deprecated `vllm:gpu_cache_usage_perc` gauge beside `vllm:kv_cache_usage_perc`. */
  legacyGpuCacheMetric?: boolean;
  /** Put `"usage": null` on every stream chunk, as releases with `exclude_unset=False` did (specs/engines/vllm.md A.1). */
  nullUsageOnEveryChunk?: boolean;
}
