import { encodeSseComment, type StreamEvent, TaskError, toTaskError } from '@orch/adapter-api';
import { encodeTaskEvent } from './encode-task-event.js';
import type { OpenedTaskStream } from './open-task-stream.js';
import { createStructuredOutputCheck, type StructuredOutputCheck } from './structured-output.js';
import { TaskRelay } from './task-relay.js';
import type { TaskSession } from './task-session.js';

const encoder = new TextEncoder();

/** Most events, and bytes (checked after each event), sent as one chunk by one pull. */
const MAX_BATCH_EVENTS = 64;
const MAX_BATCH_BYTES = 16 * 1024;

const TURN_PASSED = Symbol('turn passed');

/** Resolves in the event loop's check phase: after every promise that is already settled has run. */
function nextTurn(): Promise<typeof TURN_PASSED> {
  return new Promise((resolve) => setImmediate(resolve, TURN_PASSED));
}

function isTerminal(event: StreamEvent): boolean {
  return event.type === 'end' || event.type === 'error';
}

/** Options of {@link createTaskEventStream}. */
export interface TaskEventStreamOptions {
  /** Interval of keep-alive comments while the task still waits to open. */
  keepaliveMs: number;
  /** A comment written first (e.g. the queue position of a queued task). */
  initialComment?: string;
}

/**
 * The underlying source of a task's SSE body. A class, so that an open stream holds one object and no
 * closures (under tsx every named closure also carries a 256-byte property dictionary for its `name`).
 */
class TaskEventSource {
  private keepalive: NodeJS.Timeout | undefined;
  private failure: TaskError | undefined;
  private relayOpening: Promise<TaskRelay | undefined> | undefined;
  private done = false;
  /** An event read started by the previous pull that was not there yet; the next pull begins with it. */
  private pending: Promise<StreamEvent> | undefined;
  private readonly checkStructuredOutput: StructuredOutputCheck;

  constructor(
    private readonly session: TaskSession,
    private readonly opening: Promise<OpenedTaskStream>,
    private readonly options: TaskEventStreamOptions,
  ) {
    this.checkStructuredOutput = createStructuredOutputCheck(session.task, session.logger);
  }

  start(controller: ReadableStreamDefaultController<Uint8Array>): void {
    if (this.options.initialComment === undefined) return;
    controller.enqueue(encoder.encode(encodeSseComment(this.options.initialComment)));
    this.keepalive = setInterval(
      () => controller.enqueue(encoder.encode(encodeSseComment('keep-alive'))),
      this.options.keepaliveMs,
    );
  }

  async pull(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
    if (this.done) return;
    const active = await this.relay();
    if (this.done) return;
    if (active === undefined) {
      this.finishWith(controller, encodeTaskEvent((this.failure as TaskError).toEvent()));
      return;
    }
    const carried = this.pending;
    this.pending = undefined;
    const first = this.checkStructuredOutput(await (carried ?? active.next()));
    if (this.done) return;
    const firstChunk = encodeTaskEvent(first);
    if (isTerminal(first)) {
      this.finishWith(controller, firstChunk);
      return;
    }
    // Take the events that are already there (the engine sent several in one read, or the client read
    // slower than the engine wrote) and send them as one chunk: one write instead of one per token.
    // "Already there" means it resolves before a setImmediate; an event that needs more I/O stays
    // pending and is the first of the next pull, so one pull is still one bounded chunk (backpressure).
    const chunks: Uint8Array[] = [firstChunk];
    let bytes = firstChunk.byteLength;
    let terminal = false;
    let marker: Promise<typeof TURN_PASSED> | undefined;
    while (chunks.length < MAX_BATCH_EVENTS && bytes < MAX_BATCH_BYTES) {
      marker ??= nextTurn();
      const next = active.next();
      const ready = await Promise.race([next, marker]);
      if (ready === TURN_PASSED) {
        next.catch(() => {});
        this.pending = next;
        break;
      }
      if (this.done) return;
      const event = this.checkStructuredOutput(ready);
      const chunk = encodeTaskEvent(event);
      chunks.push(chunk);
      bytes += chunk.byteLength;
      if (isTerminal(event)) {
        terminal = true;
        break;
      }
    }
    if (this.done) return;
    const batch = chunks.length === 1 ? firstChunk : Buffer.concat(chunks, bytes);
    if (terminal) this.finishWith(controller, batch);
    else controller.enqueue(batch);
  }

  cancel(): void {
    this.done = true;
    this.pending = undefined;
    clearInterval(this.keepalive);
    this.session.abort(new TaskError('cancelled', 'The client closed the connection.'));
    this.relay().then((active) => active?.abandon());
  }

  private finishWith(controller: ReadableStreamDefaultController<Uint8Array>, chunk: Uint8Array): void {
    this.done = true;
    controller.enqueue(chunk);
    controller.close();
  }

  private relay(): Promise<TaskRelay | undefined> {
    this.relayOpening ??= this.openRelay();
    return this.relayOpening;
  }

  private async openRelay(): Promise<TaskRelay | undefined> {
    const { session } = this;
    try {
      return new TaskRelay(session, await this.opening);
    } catch (error) {
      const failure = session.abortReason ?? toTaskError(error);
      this.failure = failure;
      session.close();
      session.deps.metrics.tasksRejected.inc({ pool_id: session.poolId, code: failure.code });
      session.logger.warn('task failed before it started', { code: failure.code, error: failure.message });
      return undefined;
    } finally {
      clearInterval(this.keepalive);
    }
  }
}

/**
 * The SSE body of a task. It pulls only when the client has read the previous chunk, so a slow reader slows
 * the engine read instead of growing a buffer; one pull sends the next event and those already waiting behind
 * it (at most {@link MAX_BATCH_EVENTS} events, about {@link MAX_BATCH_BYTES} bytes) as one chunk. While the
 * task still waits for a slot (`opening` pending) it sends keep-alive comments; if opening fails, the stream
 * is a lone `error` event.
 */
export function createTaskEventStream(
  session: TaskSession,
  opening: Promise<OpenedTaskStream>,
  options: TaskEventStreamOptions,
): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(new TaskEventSource(session, opening, options), { highWaterMark: 1 });
}
