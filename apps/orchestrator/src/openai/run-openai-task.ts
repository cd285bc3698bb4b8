/**
 * THE SEAM between the OpenAI-compatible routes and the task pipeline. Everything else in `openai/` is
 * independent of how tasks run: a route converts the body (`dialect.convertRequest`) and hands the task to a
 * {@link RunOpenAiTask}; a run feeds contract events to `dialect.createEncoder(context)` (streamed) or
 * `dialect.createCollector(context)` (non-streamed) and answers refusals with `createOpenAiErrorResponse`.
 *
 * For now a run goes through the native route in process: it posts the converted body to the tasks sub-app
 * (with the client's headers, so the per-client stream limit sees the same client, and its server binding),
 * reads the native SSE back as events and re-encodes them. When the task pipeline pushes events to a per-task
 * dialect directly, only this file changes.
 */
import {
  decodeSseStream,
  isErrorCode,
  parseStreamEvent,
  type StreamEvent,
  TaskError,
  toTaskError,
} from '@orch/adapter-api';
import type { AppDeps } from '../app-deps.js';
import type { ConvertedOpenAiRequest } from './converted-openai-request.js';
import { isRetriedByOrchestrator } from './is-retried-by-orchestrator.js';
import type { OpenAiAnswerContext } from './openai-answer-context.js';
import type { OpenAiDialect } from './openai-dialect.js';
import { createOpenAiErrorResponse } from './openai-error-envelope.js';
import { failureOfErrorEvent } from './terminal-failure.js';
import { findNativeField } from './validate-converted-request.js';

/** One OpenAI-compatible task to run and answer. */
export interface OpenAiTaskRun {
  dialect: OpenAiDialect;
  converted: ConvertedOpenAiRequest;
  /** The client's request: its headers (API key for the per-client limit) and its abort signal. */
  request: Request;
  /** The server binding (Hono's `c.env`): the native route reads the client address from it. */
  env: unknown;
}

/** Runs a converted task and answers in its dialect: SSE when `converted.stream`, else one JSON answer. */
export type RunOpenAiTask = (run: OpenAiTaskRun) => Promise<Response>;

/** What the glue needs of the native pipeline: the `POST /v1/tasks` sub-app (answers at its root `/`). */
export interface NativeTasksApp {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
}

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
};

/** The native request for a converted task: same headers and signal as the client's, the native body. */
function createNativeRequest(run: OpenAiTaskRun): Request {
  const headers = new Headers(run.request.headers);
  headers.delete('content-length');
  headers.set('content-type', 'application/json');
  return new Request(new URL('/', run.request.url), {
    method: 'POST',
    headers,
    body: JSON.stringify(run.converted.task),
    signal: run.request.signal,
  });
}

/** The native JSON error envelope as a TaskError. */
async function readNativeError(response: Response): Promise<TaskError> {
  try {
    const { error } = (await response.json()) as {
      error: { code: unknown; message: string; retriable?: boolean; retry_after_ms?: number };
    };
    const code = isErrorCode(error.code) ? error.code : 'internal';
    return new TaskError(code, error.message, {
      retriable: error.retriable,
      retryAfterMs: error.retry_after_ms,
    });
  } catch {
    return new TaskError('internal', `The task route answered ${response.status}.`);
  }
}

/** The bytes of the native body as chunks, with a handle to cancel them (which cancels the task). */
function openNativeBody(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const chunks: AsyncIterable<Uint8Array> = {
    async *[Symbol.asyncIterator]() {
      while (true) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    },
  };
  return { chunks, cancel: () => reader.cancel().catch(() => {}) };
}

/** Reads a native task stream as events (`readTaskStream` with the comments kept, to forward keep-alives). */
async function* readNativeEvents(
  chunks: AsyncIterable<Uint8Array>,
  onComment: (text: string) => void,
): AsyncGenerator<StreamEvent> {
  for await (const message of decodeSseStream(chunks, { onComment })) {
    yield parseStreamEvent(message.data, message.event);
  }
}

const truncated = (): StreamEvent =>
  new TaskError('stream_truncated', 'The task stream ended before its final event.').toEvent();

/** Runs tasks through the native route in process (see the file comment: this is the seam). */
export function createRunOpenAiTask(tasks: NativeTasksApp, deps: AppDeps): RunOpenAiTask {
  const poolsByModel = new Map(deps.pools.map((pool) => [pool.config.model, pool]));
  return async (run) => {
    const pool = poolsByModel.get(run.converted.task.model);
    const response = await tasks.fetch(createNativeRequest(run), run.env);
    const taskId = response.headers.get('x-task-id') ?? run.converted.task.task_id ?? '';
    const taskHeaders: Record<string, string> = taskId === '' ? {} : { 'x-task-id': taskId };
    const refuse = (failure: TaskError) => {
      const field =
        failure.code === 'unknown_model'
          ? 'model'
          : failure.code === 'invalid_request'
            ? findNativeField(failure.message)
            : undefined;
      const answer = createOpenAiErrorResponse(failure, {
        retriedByOrchestrator: isRetriedByOrchestrator(failure, pool),
        ...(field === undefined ? {} : { param: run.converted.paramOf(field) }),
      });
      for (const [name, value] of Object.entries(taskHeaders)) answer.headers.set(name, value);
      return answer;
    };
    if (!response.ok || response.body === null) return refuse(await readNativeError(response));

    const context: OpenAiAnswerContext = {
      taskId,
      model: run.converted.task.model,
      created: Math.floor(Date.now() / 1000),
      includeUsage: run.converted.includeUsage,
      isRetriedByOrchestrator: (failure) => isRetriedByOrchestrator(failure, pool),
    };
    const native = openNativeBody(response.body);
    const comments: string[] = [];
    let onComment = (text: string): void => {
      comments.push(text);
    };
    const events = readNativeEvents(native.chunks, (text) => onComment(text));

    if (!run.converted.stream) {
      const onAbort = () => native.cancel();
      run.request.signal.addEventListener('abort', onAbort, { once: true });
      const collector = run.dialect.createCollector(context);
      try {
        for await (const event of events) collector.accept(event);
      } catch (error) {
        collector.accept(toTaskError(error).toEvent());
      } finally {
        run.request.signal.removeEventListener('abort', onAbort);
      }
      const answer = collector.result();
      return new Response(JSON.stringify(answer.body), {
        status: answer.status,
        headers: { ...answer.headers, ...taskHeaders },
      });
    }

    // Wait for the first event or comment: a task that fails before anything was sent (it waited in the queue
    // and no replica took it) still gets an HTTP error status instead of a 200 stream holding one error.
    let firstComment: () => void = () => {};
    const commented = new Promise<'comment'>((resolve) => {
      firstComment = () => resolve('comment');
    });
    onComment = (text) => {
      comments.push(text);
      firstComment();
    };
    const nextEvent = (): Promise<IteratorResult<StreamEvent>> =>
      events.next().catch((error: unknown) => ({ done: false, value: toTaskError(error).toEvent() }));
    let carried: Promise<IteratorResult<StreamEvent>> | undefined = nextEvent();
    const first = await Promise.race([carried, commented]);
    if (first !== 'comment' && !first.done && first.value.type === 'error') {
      native.cancel();
      return refuse(failureOfErrorEvent(first.value));
    }

    const encoder = run.dialect.createEncoder(context);
    let finished = false;
    const body = new ReadableStream<Uint8Array>(
      {
        start(controller) {
          const send = (text: string) => {
            if (!finished && text.length > 0) controller.enqueue(Buffer.from(text, 'utf8'));
          };
          for (const text of comments.splice(0)) send(encoder.encodeComment(text));
          onComment = (text) => send(encoder.encodeComment(text));
        },
        // A pull must enqueue or close: the stream pulls again only when asked while pulling, so an event
        // the dialect sends nothing for (metrics) is followed by the next read within the same pull.
        async pull(controller) {
          while (!finished) {
            const pending = carried ?? nextEvent();
            carried = undefined;
            const result = await pending;
            if (finished) return;
            const event = result.done ? truncated() : result.value;
            const text = encoder.encodeEvent(event);
            if (text.length > 0) controller.enqueue(Buffer.from(text, 'utf8'));
            if (event.type === 'end' || event.type === 'error') {
              finished = true;
              controller.close();
            } else if (text.length > 0) return;
          }
        },
        cancel() {
          finished = true;
          native.cancel();
        },
      },
      { highWaterMark: 1 },
    );
    return new Response(body, { status: 200, headers: { ...SSE_HEADERS, ...taskHeaders } });
  };
}
