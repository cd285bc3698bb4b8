/** Per-call options of {@link WorkerAdapter.submit}. */
export interface SubmitOptions {
  /**
   * Aborting this signal cancels the task: the adapter closes the engine request (which frees the engine
   * slot), stops yielding tokens and ends the stream with a `cancelled` error event.
   */
  signal?: AbortSignal;
}
