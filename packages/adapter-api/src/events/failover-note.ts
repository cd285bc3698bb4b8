/**
 * What a `metrics` event says when a strict task failed over mid-stream: the text the client received is
 * unchanged, only the replica producing it changed.
 */
export interface FailoverNote {
  /** The replica that failed after delivering tokens. */
  from_replica: string;
  /** The deterministic replica that regenerated the delivered tokens, verified them, and continues the task. */
  to_replica: string;
  /** Token events already delivered when the failover happened; the next token event has this index. */
  resumed_at_token: number;
}
