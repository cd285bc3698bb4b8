/** Optional features a replica can provide; a feature that is absent or `false` is not offered. */
export interface AdapterCapabilities {
  /**
   * The replica constrains generation to `response_format` (JSON Schema or any JSON object). Tasks that ask
   * for structured output are refused up front for a pool whose replicas do not all declare it.
   */
  structured_output?: boolean;
}
