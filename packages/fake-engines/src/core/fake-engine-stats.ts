/** Counters a test can read to prove what the fake did (e.g. that a cancel closed the engine request). */
export interface FakeEngineStats {
  /** HTTP requests received, any route (control routes excluded). */
  requests: number;
  /** Inference requests that reached generation. */
  generations: number;
  /** Generations in progress (streamed or not). */
  activeGenerations: number;
  /** Streamed generations in progress. */
  activeStreams: number;
  /** Generations that ran to their natural end (final event or full response written). */
  completedGenerations: number;
  /** Streams whose client closed the connection before the end; generation stopped at once. */
  abortedStreams: number;
  /** Non-streamed generations whose client went away before the answer. */
  abortedRequests: number;
  /** Connections destroyed by the `dropAfterTokens` fault. */
  droppedConnections: number;
  /** Generations ended by `errorAfterTokens`, plus requests failed by `httpStatus`. */
  injectedErrors: number;
  /** Tokens produced across all generations (stops counting at an abort). */
  tokensGenerated: number;
  /** Prompt tokens across all generations. */
  promptTokens: number;
  /** Inference requests waiting for a free slot right now. */
  queued: number;
}

/** A zeroed stats object. */
export function createFakeEngineStats(): FakeEngineStats {
  return {
    requests: 0,
    generations: 0,
    activeGenerations: 0,
    activeStreams: 0,
    completedGenerations: 0,
    abortedStreams: 0,
    abortedRequests: 0,
    droppedConnections: 0,
    injectedErrors: 0,
    tokensGenerated: 0,
    promptTokens: 0,
    queued: 0,
  };
}
