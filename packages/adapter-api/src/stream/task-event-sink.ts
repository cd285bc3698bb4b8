import type { TaskError } from '../errors/task-error.js';
import type { StreamEvent } from '../events/stream-event.js';

/**
 * Receives the events of one task stream, pushed by the adapter in order and synchronously as the engine's
 * bytes are parsed: `started`, then `token` and `metrics` events, then exactly one terminal event, or `fail`.
 */
export interface TaskEventSink {
  /** One contract event; after a terminal event (`end` or `error`) no further call is made. */
  event(event: StreamEvent): void;
  /**
   * The stream ended without a terminal event. Before `started` this is the task's failure (the engine never
   * accepted it; a retriable one may be tried on another replica); after it, the producer broke the contract
   * (a throw, a bare close) and the consumer ends the stream with an `error` itself. Nothing follows it.
   */
  fail(error: TaskError): void;
}
