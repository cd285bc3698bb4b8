import { TaskError } from '../errors/task-error.js';
import { toTaskError } from '../errors/to-task-error.js';
import { isTerminalEvent, type StreamEvent } from '../events/stream-event.js';
import type { TaskEventSink } from './task-event-sink.js';
import type { TaskStream } from './task-stream.js';
import type { TaskStreamControl } from './task-stream-control.js';

/** Pushes the events of an async iterable into a sink, honouring pause and resume between events. */
class IterablePump implements TaskStreamControl {
  private readonly iterator: AsyncIterator<StreamEvent>;
  private paused = false;
  private running = false;
  private closed = false;

  constructor(
    events: AsyncIterable<StreamEvent>,
    private readonly sink: TaskEventSink,
  ) {
    this.iterator = events[Symbol.asyncIterator]();
    void this.run();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    if (!this.running) void this.run();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.iterator.return?.()?.catch(() => {});
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (!this.paused && !this.closed) {
        const result = await this.iterator.next();
        if (this.closed) return;
        if (result.done) {
          // A bare close is never a silent success: the consumer turns it into a terminal error.
          this.closed = true;
          this.sink.fail(
            new TaskError('stream_truncated', 'The adapter closed the stream without a terminal event.'),
          );
          return;
        }
        this.sink.event(result.value);
        if (isTerminalEvent(result.value)) {
          this.close();
          return;
        }
      }
    } catch (error) {
      if (this.closed) return;
      this.closed = true;
      this.sink.fail(toTaskError(error));
    } finally {
      this.running = false;
    }
  }
}

/**
 * A {@link TaskStream} over events produced by an async iterable (an async generator): for adapters that are not
 * on the hot path (the mock engine) and for tests that wrap or script a stream. Iterating it iterates the
 * iterable itself; pushed, a throw or an end without a terminal event is the sink's `fail`.
 */
export function taskStreamFromEvents(events: AsyncIterable<StreamEvent>): TaskStream {
  return {
    start: (sink) => new IterablePump(events, sink),
    [Symbol.asyncIterator]: () => events[Symbol.asyncIterator](),
  };
}
