/** Per-call options of {@link WorkerAdapter.submit}. */
export interface SubmitOptions {
  /**
   * Aborting this signal cancels the task: the adapter closes the engine request (which frees the engine
   * slot) and yields no further token. Before `started` the stream rejects with a `cancelled` TaskError;
   * after it, the stream ends with `end` and `finish_reason: "cancelled"`.
   */
  signal?: AbortSignal;
}
