/** What the consumer of a pushed task stream can ask of its producer. */
export interface TaskStreamControl {
  /**
   * Stop reading from the engine until {@link resume} (the client reads slower than the engine writes). Events of
   * the chunk being parsed may still arrive; silence while paused is never an idle timeout.
   */
  pause(): void;
  /** Read from the engine again after {@link pause}. */
  resume(): void;
  /** The consumer is gone: close the engine request at once; no further event is pushed. Idempotent. */
  close(): void;
}
