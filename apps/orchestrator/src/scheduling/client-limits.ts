/**
 * The per-client limits a task passes before admission: its open streams (`server.max_streams_per_client`) and its
 * requests and tokens per minute (`server.rate_limits`). In process for one instance; fleet-wide through Redis with
 * `cluster` (specs/cluster.md).
 */
export interface ClientLimits {
  /**
   * Takes one open stream and one request of the client's minute, or throws (rejects with) `too_many_streams` or
   * `rate_limited`; returns the function that gives the stream back (call once).
   */
  admit(client: string): (() => void) | Promise<() => void>;
  /** Charges a finished task's tokens to the client's minute (from its `end` event). */
  charge(client: string, tokens: number): void;
}
