import type { StreamEvent } from '../events/stream-event.js';
import type { TaskEventSink } from './task-event-sink.js';
import type { TaskStreamControl } from './task-stream-control.js';

/**
 * What {@link WorkerAdapter.submit} returns: one task stream that is consumed either by pushing its events into
 * a sink (`start`, the orchestrator's hot path: no promise per event) or by iterating it (tests, the conformance
 * suite, standalone use). Both views follow the same rules; a stream is consumed once, by one of them.
 */
export interface TaskStream extends AsyncIterable<StreamEvent> {
  /** Starts the task and pushes its events into `sink`; call at most once, and never together with iteration. */
  start(sink: TaskEventSink): TaskStreamControl;
}
