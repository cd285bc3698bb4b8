import {
  type AdapterLogger,
  type ByteSource,
  createNdjsonParser,
  createSseParser,
  createStartedEvent,
  createTaskStream,
  type EndEvent,
  type MetricsEvent,
  type NdjsonParser,
  type SseParser,
  type StartedFacts,
  type StreamEvent,
  type SubmitOptions,
  silentLogger,
  type Task,
  TaskError,
  type TaskEventSink,
  type TaskStream,
  type TaskStreamControl,
  toTaskError,
} from '@orch/adapter-api';
import { isConnectionFailure } from './map-fetch-failure.js';
import { type ChunkReader, type ChunkSink, openChunkReader } from './open-chunk-reader.js';
import type { TaskRegistry } from './task-registry.js';

/** One framed engine message: an SSE message (`event` set when the engine names events) or an NDJSON line. */
export interface EngineMessage {
  /** The SSE `data:` field, or the whole NDJSON line. */
  data: string;
  /** The SSE `event:` field, when present. */
  event?: string;
}

/** The fields of a successful end an adapter supplies (the runner adds `type`, and `ttft_ms`/`decode_ms` if absent). */
export type EngineStreamEnd = Omit<EndEvent, 'type'>;

/** The fields of a `metrics` event an adapter supplies. */
export type EngineStreamMetrics = Omit<MetricsEvent, 'type'>;

/**
 * What one engine message means for the contract stream. `text` becomes a `token` event (empty text is
 * dropped: it still counted as liveness), `metrics` a `metrics` event; `end` and `error` are terminal: the
 * runner stops reading at the first of them.
 */
export type EngineStreamStep =
  | { type: 'text'; text: string }
  | { type: 'metrics'; metrics: EngineStreamMetrics }
  | { type: 'end'; end: EngineStreamEnd }
  | { type: 'error'; error: TaskError };

/** Per-task translation of engine messages; a fresh one is made for each stream, so it may keep state. */
export interface EngineStreamTranslator {
  /** Translates one message. Throwing a TaskError (e.g. from `parseEngineJson`) fails the stream with it. */
  translate(message: EngineMessage): readonly EngineStreamStep[];
  /**
   * Called at the end of the byte stream when no terminal step came. Return a terminal step when EOF is a
   * normal end for this engine at this point (e.g. the final chunk came but the `[DONE]` sentinel did not);
   * return nothing and the stream ends with `stream_truncated`.
   */
  finish?(): readonly EngineStreamStep[];
}

/** The engine request once it was accepted: the body to read and how to close the connection. */
export interface OpenedEngineStream {
  /** The response body. */
  body: ByteSource | null;
  /** Closes the request (idempotent). */
  abort(reason?: unknown): void;
}

/** Everything {@link runEngineStream} needs from an adapter. */
export interface EngineStreamSpec {
  /** The task being run. */
  task: Task;
  /** The caller's options (signal, route). */
  options: SubmitOptions;
  /** Engine kind, for messages and error context. */
  engine: string;
  /** Replica URL without credentials, for error context. */
  replica?: string;
  /** Where running tasks are recorded for `cancel(taskId)`. */
  registry?: TaskRegistry;
  /** How the body is framed: Server-Sent Events or newline-delimited JSON. */
  framing: 'sse' | 'ndjson';
  /** Longest silence between body chunks once streaming; default none. Fires as `idle_timeout`. */
  idleTimeoutMs?: number;
  /** Longest wait for the first body chunk after the headers; default `idleTimeoutMs`. Fires as `ttft_timeout`. */
  firstByteTimeoutMs?: number;
  /** Receives a debug line for every stream that ends abnormally. */
  logger?: AdapterLogger;
  /** The engine facts for `started` (version, seed, model); runs before the request, may throw a TaskError. */
  startedFacts(signal: AbortSignal): StartedFacts | Promise<StartedFacts>;
  /** Sends the engine request; rejects with a TaskError for failures before streaming (see `requestEngine`). */
  open(signal: AbortSignal): Promise<OpenedEngineStream>;
  /** Makes the translator for this stream. */
  createTranslator(): EngineStreamTranslator;
}

function cancelledEnd(): EndEvent {
  return { type: 'end', finish_reason: 'cancelled', finish_reason_raw: 'cancelled' };
}

function toStreamFailure(error: unknown, spec: EngineStreamSpec, delivered: number): TaskError {
  if (error instanceof TaskError || !isConnectionFailure(error)) return toTaskError(error);
  const context = { engine: spec.engine, ...(spec.replica === undefined ? {} : { replica: spec.replica }) };
  const detail = error instanceof Error ? error.message : String(error);
  return new TaskError(
    'stream_truncated',
    `${spec.engine} dropped the connection after ${delivered} tokens (${detail})`,
    { context, cause: error },
  );
}

/** The end event, with `ttft_ms` and `decode_ms` filled in when the translator left them out. */
function completeEnd(end: EngineStreamEnd, startedAt: number, firstTokenAt: number | undefined): EndEvent {
  const event: EndEvent = { type: 'end', ...end };
  if (event.ttft_ms === undefined && firstTokenAt !== undefined) event.ttft_ms = firstTokenAt - startedAt;
  if (event.decode_ms === undefined && firstTokenAt !== undefined) {
    event.decode_ms = performance.now() - firstTokenAt;
  }
  return event;
}

/** The listener that passes a caller's abort (and its reason) on to a stream's own controller. */
function forwardAbortTo(controller: AbortController, outer: AbortSignal): () => void {
  return () => controller.abort(outer.reason);
}

/** Longest wait for the rest of a response after its final event before the request is closed anyway. */
const DRAIN_AFTER_FINAL_EVENT_MS = 1000;

const NO_LIMIT = 0;

function limitFor(ms: number | undefined): number {
  return ms === undefined || !Number.isFinite(ms) || ms <= 0 ? NO_LIMIT : ms;
}

/**
 * One streaming engine call, pushed: engine bytes → one incremental parser → the translator → the sink, in one
 * synchronous pass per network chunk. A Node body is read with `data` events (nothing made per chunk); per
 * event nothing but the event.
 * Timeouts are one timer for the whole stream, re-armed lazily from the time of the last chunk.
 */
class EngineStreamRun implements TaskStreamControl, ChunkSink {
  private readonly context: { engine: string; replica?: string };
  private readonly logger: AdapterLogger;
  private readonly startedAt = performance.now();
  private release: () => void = () => {};
  private request: OpenedEngineStream | undefined;
  private reader: ChunkReader | undefined;
  private parser: SseParser | NdjsonParser | undefined;
  private translator: EngineStreamTranslator | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastChunkAt = 0;
  private receivedBytes = false;
  private delivered = 0;
  private firstTokenAt: number | undefined;
  private paused = false;
  /** Set once the stream has pushed its terminal event (or `fail`), or the consumer closed it. */
  private finished = false;
  /** The translator's terminal step came: the rest of the body is read and ignored. */
  private draining = false;

  constructor(
    private readonly spec: EngineStreamSpec,
    private readonly sink: TaskEventSink,
    /** Aborted by the caller's signal and by `cancel(taskId)`. */
    private readonly controller: AbortController,
  ) {
    this.context = { engine: spec.engine, ...(spec.replica === undefined ? {} : { replica: spec.replica }) };
    this.logger = spec.logger ?? silentLogger;
    this.signal.addEventListener('abort', this, { once: true });
    void this.begin();
  }

  /** The stream's signal aborted (an object listener): no further token, `end{cancelled}`, the request closed. */
  handleEvent(): void {
    const reason = this.signal.reason;
    if (this.reader !== undefined && !this.finished) {
      this.finishWith(cancelledEnd());
      this.reader.cancel();
    }
    this.request?.abort(reason);
  }

  pause(): void {
    this.paused = true;
    // The rest of a body after its final event is read away whatever the consumer does (see `play`).
    if (!this.draining) this.reader?.pause();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    if (!this.finished || this.draining) this.reader?.resume();
  }

  close(): void {
    if (this.finished) return;
    this.finished = true;
    this.cleanUp();
    this.controller.abort(new TaskError('cancelled', 'The consumer closed the stream.'));
    this.request?.abort();
    this.reader?.cancel();
  }

  private get signal(): AbortSignal {
    return this.controller.signal;
  }

  private cancelledBeforeStart(cause?: unknown): TaskError {
    return new TaskError('cancelled', 'The task was cancelled before it started.', {
      context: this.context,
      ...(cause === undefined ? {} : { cause }),
    });
  }

  private async begin(): Promise<void> {
    const { spec } = this;
    if (this.signal.aborted) {
      this.failBeforeStart(this.cancelledBeforeStart());
      return;
    }
    try {
      this.release = spec.registry?.register(spec.task.task_id, this.controller) ?? this.release;
      const facts = await spec.startedFacts(this.signal);
      this.request = await spec.open(this.signal);
      if (this.signal.aborted) throw this.cancelledBeforeStart();
      if (this.finished) {
        this.request.abort();
        return;
      }
      this.sink.event(createStartedEvent(spec.task, facts));
    } catch (error) {
      this.request?.abort();
      this.failBeforeStart(this.signal.aborted ? this.cancelledBeforeStart(error) : toTaskError(error));
      return;
    }
    if (this.finished) return;
    if (this.request.body === null) {
      this.failAfterStart(
        new TaskError('engine_protocol_error', `${spec.engine} answered without a body`, {
          context: this.context,
        }),
      );
      return;
    }
    this.translator = spec.createTranslator();
    this.parser =
      spec.framing === 'ndjson'
        ? createNdjsonParser((line) => this.translate(line, undefined))
        : createSseParser((message) => this.translate(message.data, message.event));
    this.lastChunkAt = performance.now();
    this.armTimer();
    this.reader = openChunkReader(this.request.body, this);
    if (this.paused) this.reader.pause();
  }

  private failBeforeStart(error: TaskError): void {
    if (this.finished) return;
    this.finished = true;
    this.cleanUp();
    this.sink.fail(error);
  }

  /** One body chunk: parsed and translated at once (ChunkSink). */
  onChunk(chunk: Uint8Array): void {
    if (this.draining || this.finished) return;
    if (chunk.byteLength > 0) {
      this.lastChunkAt = performance.now();
      if (!this.receivedBytes) {
        // From the first byte on, the limit is the idle one.
        this.receivedBytes = true;
        this.armTimer();
      }
    }
    try {
      (this.parser as SseParser).feed(chunk);
    } catch (error) {
      // A translator that throws (an invalid engine message) fails the stream with its error.
      this.streamFailed(error);
      return;
    }
    if (this.draining && this.paused) this.reader?.resume();
  }

  /** The body ended (ChunkSink). */
  onBodyEnd(): void {
    this.endOfBody();
  }

  /** The body failed (ChunkSink). */
  onBodyError(error: unknown): void {
    if (this.draining) this.closeAfterDrain();
    else this.streamFailed(error);
  }

  /** One framed message through the translator; its steps become events at once. */
  private translate(data: string, event: string | undefined): void {
    if (this.finished || this.draining || this.signal.aborted) return;
    const message: EngineMessage = event === undefined ? { data } : { data, event };
    this.play((this.translator as EngineStreamTranslator).translate(message));
  }

  private play(steps: readonly EngineStreamStep[]): void {
    for (const step of steps) {
      if (this.finished || this.signal.aborted) return;
      if (step.type === 'text') {
        if (step.text.length === 0) continue;
        this.firstTokenAt ??= performance.now();
        this.sink.event({ type: 'token', i: this.delivered, t: step.text });
        this.delivered += 1;
      } else if (step.type === 'metrics') {
        this.sink.event({ type: 'metrics', ...step.metrics });
      } else {
        const terminal =
          step.type === 'end'
            ? completeEnd(step.end, this.startedAt, this.firstTokenAt)
            : step.error.toEvent(this.delivered);
        this.finishWith(terminal);
        // The engine usually ends the response right after its final event. Reading that end lets the
        // connection go back to the keep-alive pool; aborting mid-body destroys it, and under concurrency the
        // engine (llama-server) then sometimes drops the next request on another connection.
        this.draining = true;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.closeAfterDrain(), DRAIN_AFTER_FINAL_EVENT_MS);
        this.timer.unref();
        return;
      }
    }
  }

  private endOfBody(): void {
    if (this.draining) {
      this.closeAfterDrain();
      return;
    }
    if (this.finished) return;
    if (this.signal.aborted) {
      this.finishWith(cancelledEnd());
      this.request?.abort();
      return;
    }
    try {
      (this.parser as SseParser).end();
      if (!this.finished && !this.draining) this.play(this.translator?.finish?.() ?? []);
    } catch (error) {
      this.streamFailed(error);
      return;
    }
    if (this.finished || this.draining) return;
    this.logger.debug('engine stream ended before its final event', {
      task_id: this.spec.task.task_id,
      ...this.context,
    });
    this.finishWith(
      new TaskError(
        'stream_truncated',
        `${this.spec.engine} closed the stream after ${this.delivered} tokens without its final event`,
        { context: this.context },
      ).toEvent(this.delivered),
    );
    this.request?.abort();
  }

  private streamFailed(error: unknown): void {
    if (this.finished) return;
    if (this.signal.aborted) {
      this.finishWith(cancelledEnd());
    } else {
      const failure = toStreamFailure(error, this.spec, this.delivered);
      this.logger.debug('engine stream failed', {
        task_id: this.spec.task.task_id,
        code: failure.code,
        ...this.context,
      });
      this.finishWith(failure.toEvent(this.delivered));
    }
    this.request?.abort();
    this.reader?.cancel();
  }

  private failAfterStart(error: TaskError): void {
    this.finishWith(error.toEvent(this.delivered));
    this.request?.abort();
  }

  private finishWith(terminal: StreamEvent): void {
    if (this.finished) return;
    this.finished = true;
    this.cleanUp();
    this.sink.event(terminal);
  }

  private closeAfterDrain(): void {
    clearTimeout(this.timer);
    this.request?.abort();
  }

  private cleanUp(): void {
    if (!this.draining) clearTimeout(this.timer);
    this.signal.removeEventListener('abort', this);
    this.release();
  }

  /** The stream's limits: time to the first byte, then the longest silence between chunks (0: none). */
  private limits(): { firstMs: number; idleMs: number } {
    const idleMs = limitFor(this.spec.idleTimeoutMs);
    const firstMs =
      this.spec.firstByteTimeoutMs === undefined ? idleMs : limitFor(this.spec.firstByteTimeoutMs);
    return { firstMs, idleMs };
  }

  /** Arms the one timer of the stream for its current phase (re-armed lazily, not per chunk). */
  private armTimer(): void {
    clearTimeout(this.timer);
    const { firstMs, idleMs } = this.limits();
    const limit = this.receivedBytes ? idleMs : firstMs;
    if (limit === NO_LIMIT) return;
    this.timer = setTimeout(
      () => this.checkSilence(limit),
      Math.max(1, limit - (performance.now() - this.lastChunkAt)),
    );
  }

  private checkSilence(limit: number): void {
    if (this.finished || this.draining) return;
    // A paused stream is silent because its consumer reads slowly, not because the engine stalled.
    if (this.paused) this.lastChunkAt = performance.now();
    else if (performance.now() - this.lastChunkAt >= limit) {
      this.timedOut(limit);
      return;
    }
    this.armTimer();
  }

  private timedOut(limitMs: number): void {
    const code = this.receivedBytes ? 'idle_timeout' : 'ttft_timeout';
    const what = this.receivedBytes ? 'no bytes' : 'no first byte';
    const error = new TaskError(code, `${this.spec.engine} stalled: ${what} for ${limitMs} ms`, {
      context: this.context,
    });
    this.finishWith(error.toEvent(this.delivered));
    this.request?.abort(error);
    this.reader?.cancel();
  }
}

/**
 * Runs one streaming engine call under the contract's rules, so that adapters only translate messages:
 * - before `started`: an aborted signal, a failing `startedFacts` or `open` fail the stream with a TaskError;
 * - `started` first, then `token` events numbered 0, 1, 2… (empty text is never a token);
 * - exactly one terminal event: the translator's `end`/`error`, `error` for any failure after `started`
 *   (with `tokens_delivered`), `stream_truncated` when the body ends before a terminal step;
 * - abort (signal or `registry.cancel`) → no further token, the request closed, `end{cancelled}`;
 * - `ttft_ms` (request sent → first token) and `decode_ms` (first token → end) are filled in when the
 *   translator leaves them out;
 * - the request is always closed when the stream ends, also when the consumer stops early (`close`).
 * The stream is pushed (`start`) on the hot path and iterable everywhere else (see `createTaskStream`).
 */
export function runEngineStream(spec: EngineStreamSpec): TaskStream {
  // One controller per stream, aborted by the caller's signal and by `cancel(taskId)`: the iterator view listens
  // to it too, so a cancel stops an iterating consumer at once whatever was already pushed. The caller's signal
  // reaches it through one listener that lives as long as that signal (as `AbortSignal.any` would, without its
  // cost of about 3 KiB per signal on Node 20).
  const controller = new AbortController();
  const outer = spec.options.signal;
  if (outer?.aborted) controller.abort(outer.reason);
  else outer?.addEventListener('abort', forwardAbortTo(controller, outer), { once: true });
  return createTaskStream((sink) => new EngineStreamRun(spec, sink, controller), controller.signal);
}
