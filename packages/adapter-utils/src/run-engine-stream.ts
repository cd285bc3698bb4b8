import {
  type AdapterLogger,
  type ByteSource,
  createStartedEvent,
  decodeNdjsonStream,
  decodeSseStream,
  type EndEvent,
  type MetricsEvent,
  type StartedFacts,
  type StreamEvent,
  type SubmitOptions,
  silentLogger,
  type Task,
  TaskError,
  type TerminalEvent,
  toTaskError,
} from '@orch/adapter-api';
import { isConnectionFailure } from './map-fetch-failure.js';
import type { TaskRegistry } from './task-registry.js';
import { withIdleTimeout } from './with-idle-timeout.js';

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

/**
 * A listener that calls `abort` with the signal's reason. Made by a function rather than a named arrow in the
 * stream's body: under tsx, every named closure also carries a 256-byte property dictionary (its `name`),
 * retained for as long as the stream is open.
 */
function abortWithReasonOf(signal: AbortSignal, abort: (reason?: unknown) => void): () => void {
  return () => abort(signal.reason);
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

async function* readMessages(
  body: ByteSource,
  spec: EngineStreamSpec,
  abort: (reason?: unknown) => void,
): AsyncGenerator<EngineMessage> {
  const bytes = withIdleTimeout(body, {
    idleTimeoutMs: spec.idleTimeoutMs,
    firstByteTimeoutMs: spec.firstByteTimeoutMs,
    onTimeout: abort,
    engine: spec.engine,
    replica: spec.replica,
  });
  if (spec.framing === 'ndjson') {
    for await (const line of decodeNdjsonStream(bytes)) yield { data: line };
    return;
  }
  yield* decodeSseStream(bytes);
}

/**
 * Runs one streaming engine call under the contract's rules, so that adapters only translate messages:
 * - before `started`: an aborted signal, a failing `startedFacts` or `open` reject with a TaskError;
 * - `started` first, then `token` events numbered 0, 1, 2… (empty text is never a token);
 * - exactly one terminal event: the translator's `end`/`error`, `error` for any failure after `started`
 *   (with `tokens_delivered`), `stream_truncated` when the body ends before a terminal step;
 * - abort (signal or `registry.cancel`) → no further token, the request closed, `end{cancelled}`;
 * - `ttft_ms` (request sent → first token) and `decode_ms` (first token → end) are filled in when the
 *   translator leaves them out;
 * - the request is always closed when the stream ends, also when the consumer stops reading early.
 */
export async function* runEngineStream(spec: EngineStreamSpec): AsyncGenerator<StreamEvent> {
  const { task } = spec;
  // The caller's abort reaches this stream's own controller (same reason) through one listener, which lives as
  // long as the caller's signal, like `AbortSignal.any` (which costs about 3 KiB of heap per stream on Node 20).
  const controller = new AbortController();
  const signal = controller.signal;
  const outer = spec.options.signal;
  if (outer?.aborted) controller.abort(outer.reason);
  else
    outer?.addEventListener('abort', abortWithReasonOf(outer, controller.abort.bind(controller)), {
      once: true,
    });
  const logger = spec.logger ?? silentLogger;
  const context = { engine: spec.engine, ...(spec.replica === undefined ? {} : { replica: spec.replica }) };
  if (signal.aborted)
    throw new TaskError('cancelled', 'The task was cancelled before it started.', { context });
  const release = spec.registry?.register(task.task_id, controller) ?? (() => {});
  const startedAt = performance.now();
  let opened: OpenedEngineStream | undefined;
  let started: StreamEvent;
  try {
    const facts = await spec.startedFacts(signal);
    opened = await spec.open(signal);
    if (signal.aborted)
      throw new TaskError('cancelled', 'The task was cancelled before it started.', { context });
    started = createStartedEvent(task, facts, spec.options);
  } catch (error) {
    release();
    opened?.abort();
    if (signal.aborted) {
      throw new TaskError('cancelled', 'The task was cancelled before it started.', {
        context,
        cause: error,
      });
    }
    throw toTaskError(error);
  }
  const request = opened;
  const onAbort = abortWithReasonOf(signal, request.abort);
  signal.addEventListener('abort', onAbort, { once: true });
  let delivered = 0;
  let firstTokenAt: number | undefined;
  let messages: AsyncGenerator<EngineMessage> | undefined;
  let terminalSeen = false;
  try {
    yield started;
    if (request.body === null) {
      throw new TaskError('engine_protocol_error', `${spec.engine} answered without a body`, { context });
    }
    const translator = spec.createTranslator();
    let terminal: TerminalEvent | undefined;
    messages = readMessages(request.body, spec, request.abort);
    // The steps of each message become events here, in a plain loop (no generator per message): the steps of
    // the translator's `finish()` are played after the last message, when no terminal step came.
    let finished = false;
    while (!finished) {
      const next = await messages.next();
      if (next.done === true && signal.aborted) break;
      finished = next.done === true;
      const steps = next.done === true ? (translator.finish?.() ?? []) : translator.translate(next.value);
      for (const step of steps) {
        if (signal.aborted) {
          finished = true;
          break;
        }
        if (step.type === 'text') {
          if (step.text.length === 0) continue;
          firstTokenAt ??= performance.now();
          yield { type: 'token', i: delivered, t: step.text };
          delivered += 1;
        } else if (step.type === 'metrics') {
          yield { type: 'metrics', ...step.metrics };
        } else {
          terminal =
            step.type === 'end'
              ? completeEnd(step.end, startedAt, firstTokenAt)
              : step.error.toEvent(delivered);
          terminalSeen = true;
          finished = true;
          break;
        }
      }
    }
    if (signal.aborted) {
      yield cancelledEnd();
      return;
    }
    if (terminal === undefined) {
      logger.debug('engine stream ended before its final event', { task_id: task.task_id, ...context });
      terminal = new TaskError(
        'stream_truncated',
        `${spec.engine} closed the stream after ${delivered} tokens without its final event`,
        { context },
      ).toEvent(delivered);
    }
    yield terminal;
  } catch (error) {
    if (signal.aborted) {
      yield cancelledEnd();
      return;
    }
    const failure = toStreamFailure(error, spec, delivered);
    logger.debug('engine stream failed', { task_id: task.task_id, code: failure.code, ...context });
    yield failure.toEvent(delivered);
  } finally {
    signal.removeEventListener('abort', onAbort);
    release();
    if (terminalSeen && !signal.aborted && messages !== undefined) {
      // The engine usually ends the response right after its final event. Reading that end lets the
      // connection go back to the keep-alive pool; aborting mid-body destroys it, and under concurrency the
      // engine (llama-server) then sometimes drops the next request on another connection.
      void drainThenClose(messages, request.abort);
    } else {
      request.abort();
    }
  }
}

/** Longest wait for the rest of a response after its final event before the request is closed anyway. */
const DRAIN_AFTER_FINAL_EVENT_MS = 1000;

async function drainThenClose(messages: AsyncGenerator<EngineMessage>, abort: () => void): Promise<void> {
  const timer = setTimeout(abort, DRAIN_AFTER_FINAL_EVENT_MS);
  timer.unref();
  try {
    for (let next = await messages.next(); next.done !== true; next = await messages.next()) {
      // Anything after the final event is ignored.
    }
  } catch {
    // The request was closed or broke after the final event: nothing was lost.
  } finally {
    clearTimeout(timer);
    abort();
  }
}
