/** What a replica declares in the config that bears on its determinism. */
export interface ReplicaDeterminismSettings<Options> {
  /**
   * The operator asserts that batching does not change the replica's numerics (`batch_invariant: true`,
   * e.g. vLLM with `VLLM_BATCH_INVARIANT=1`).
   */
  batchInvariant: boolean;
  /** The replica's validated `options`. */
  options: Options;
}
