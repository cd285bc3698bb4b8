import type { EndEvent } from './end-event.js';
import type { ErrorEvent } from './error-event.js';
import type { MetricsEvent } from './metrics-event.js';
import type { StartedEvent } from './started-event.js';
import type { TokenEvent } from './token-event.js';

/**
 * Everything a task stream carries, discriminated on `type`. The order is
 * `started (token | metrics)* (end | error)`, or a lone `error` when the task failed before it started.
 */
export type StreamEvent = StartedEvent | TokenEvent | MetricsEvent | EndEvent | ErrorEvent;

/** The event types that end a stream. */
export type TerminalEvent = EndEvent | ErrorEvent;

/** The names of all event types, which are also the SSE `event:` names. */
export const STREAM_EVENT_TYPES = ['started', 'token', 'metrics', 'end', 'error'] as const;

/** True for `end` and `error`. */
export function isTerminalEvent(event: StreamEvent): event is TerminalEvent {
  return event.type === 'end' || event.type === 'error';
}
