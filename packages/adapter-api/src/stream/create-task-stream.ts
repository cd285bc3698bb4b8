import { TaskError } from '../errors/task-error.js';
import { isTerminalEvent, type StreamEvent } from '../events/stream-event.js';
import type { TaskEventSink } from './task-event-sink.js';
import type { TaskStream } from './task-stream.js';
import type { TaskStreamControl } from './task-stream-control.js';

/** Events buffered by an iterating consumer before the producer is paused, and the level it resumes at. */
const PAUSE_AT = 64;
const RESUME_AT = 16;

/**
 * The iterator view of a pushed stream: events are queued as they are pushed and handed out by `next()`; a long
 * queue pauses the producer, so a slow iterating consumer slows the engine read instead of growing memory.
 */
class PushedEventIterator implements AsyncIterator<StreamEvent>, TaskEventSink {
  private readonly queue: StreamEvent[] = [];
  private failure: { error: TaskError } | undefined;
  private ended = false;
  private paused = false;
  private waiter:
    | { resolve: (result: IteratorResult<StreamEvent>) => void; reject: (e: unknown) => void }
    | undefined;
  private handedOut = 0;
  private readonly control: TaskStreamControl;

  constructor(
    start: (sink: TaskEventSink) => TaskStreamControl,
    private readonly signal: AbortSignal | undefined,
  ) {
    signal?.addEventListener('abort', this, { once: true });
    this.control = start(this);
  }

  /**
   * The consumer's signal aborted: whatever was pushed but not yet read is dropped, so an iterating consumer
   * gets no further token, exactly as if it had been reading the engine itself.
   */
  handleEvent(): void {
    if (this.ended && this.queue.length === 0 && this.failure === undefined) return;
    // Before anything was pushed, the producer itself fails the stream (once it has let go of the task).
    if (this.handedOut === 0 && this.queue.length === 0) return;
    this.queue.length = 0;
    this.failure = undefined;
    if (this.handedOut === 0) {
      this.ended = false;
      this.fail(new TaskError('cancelled', 'The task was cancelled before it started.'));
      return;
    }
    this.ended = false;
    this.event({ type: 'end', finish_reason: 'cancelled', finish_reason_raw: 'cancelled' });
  }

  event(event: StreamEvent): void {
    if (this.ended) return;
    if (isTerminalEvent(event)) {
      this.ended = true;
      // A cancel delivers no further token: what was queued but not yet read is dropped.
      if (event.type === 'end' && event.finish_reason === 'cancelled') this.queue.length = 0;
    }
    const waiter = this.waiter;
    if (waiter !== undefined) {
      this.waiter = undefined;
      this.handedOut += 1;
      waiter.resolve({ value: event, done: false });
      return;
    }
    this.queue.push(event);
    if (!this.paused && !this.ended && this.queue.length >= PAUSE_AT) {
      this.paused = true;
      this.control?.pause();
    }
  }

  fail(error: TaskError): void {
    if (this.ended) return;
    this.signal?.removeEventListener('abort', this);
    this.ended = true;
    this.failure = { error };
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.reject(error);
  }

  next(): Promise<IteratorResult<StreamEvent>> {
    const event = this.queue.shift();
    if (event !== undefined) {
      this.handedOut += 1;
      if (this.paused && this.queue.length <= RESUME_AT) {
        this.paused = false;
        this.control.resume();
      }
      return Promise.resolve({ value: event, done: false });
    }
    if (this.failure !== undefined) {
      const { error } = this.failure;
      this.failure = undefined;
      return Promise.reject(error);
    }
    if (this.ended) {
      this.signal?.removeEventListener('abort', this);
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<StreamEvent>> {
    this.signal?.removeEventListener('abort', this);
    const wasEnded = this.ended && this.queue.length === 0;
    this.ended = true;
    this.queue.length = 0;
    if (!wasEnded) this.control.close();
    return Promise.resolve({ value: undefined, done: true });
  }
}

/**
 * Builds a {@link TaskStream} from its push form: `start` begins the task and pushes events into the sink it is
 * given. The iterator view is derived here, once, for every adapter; with the task's `signal`, an abort
 * stops it at once (no further token), whatever the producer had already pushed.
 */
export function createTaskStream(
  start: (sink: TaskEventSink) => TaskStreamControl,
  signal?: AbortSignal,
): TaskStream {
  let consumed = false;
  const claim = () => {
    if (consumed) throw new Error('A task stream is consumed once.');
    consumed = true;
  };
  return {
    start(sink) {
      claim();
      return start(sink);
    },
    [Symbol.asyncIterator]() {
      claim();
      return new PushedEventIterator(start, signal);
    },
  };
}
