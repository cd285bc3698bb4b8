import { encodeSseComment, TaskError, toTaskError } from '@orch/adapter-api';
import { encodeTaskEvent } from './encode-task-event.js';
import type { OpenedTaskStream } from './open-task-stream.js';
import { createStructuredOutputCheck } from './structured-output.js';
import { TaskRelay } from './task-relay.js';
import type { TaskSession } from './task-session.js';

const encoder = new TextEncoder();

/** Options of {@link createTaskEventStream}. */
export interface TaskEventStreamOptions {
  /** Interval of keep-alive comments while the task still waits to open. */
  keepaliveMs: number;
  /** A comment written first (e.g. the queue position of a queued task). */
  initialComment?: string;
}

/**
 * The SSE body of a task. It pulls one event at a time, only when the client has read the previous one, so
 * a slow reader slows the engine read instead of growing a buffer. While the task still waits for a slot
 * (`opening` pending) it sends keep-alive comments; if opening fails, the stream is a lone `error` event.
 */
export function createTaskEventStream(
  session: TaskSession,
  opening: Promise<OpenedTaskStream>,
  options: TaskEventStreamOptions,
): ReadableStream<Uint8Array> {
  let keepalive: NodeJS.Timeout | undefined;
  let failure: TaskError | undefined;
  let relayOpening: Promise<TaskRelay | undefined> | undefined;
  let done = false;
  const checkStructuredOutput = createStructuredOutputCheck(session.task, session.logger);

  const openRelay = async (): Promise<TaskRelay | undefined> => {
    try {
      return new TaskRelay(session, await opening);
    } catch (error) {
      failure = session.abortReason ?? toTaskError(error);
      session.close();
      session.deps.metrics.tasksRejected.inc({ pool_id: session.poolId, code: failure.code });
      session.logger.warn('task failed before it started', { code: failure.code, error: failure.message });
      return undefined;
    } finally {
      clearInterval(keepalive);
    }
  };
  const relay = () => {
    relayOpening ??= openRelay();
    return relayOpening;
  };

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (options.initialComment === undefined) return;
        controller.enqueue(encoder.encode(encodeSseComment(options.initialComment)));
        keepalive = setInterval(
          () => controller.enqueue(encoder.encode(encodeSseComment('keep-alive'))),
          options.keepaliveMs,
        );
      },
      async pull(controller) {
        if (done) return;
        const active = await relay();
        if (done) return;
        const event =
          active === undefined
            ? (failure as TaskError).toEvent()
            : checkStructuredOutput(await active.next());
        if (done) return;
        controller.enqueue(encodeTaskEvent(event));
        if (event.type === 'end' || event.type === 'error') {
          done = true;
          controller.close();
        }
      },
      cancel() {
        done = true;
        clearInterval(keepalive);
        session.abort(new TaskError('cancelled', 'The client closed the connection.'));
        relay().then((active) => active?.abandon());
      },
    },
    { highWaterMark: 1 },
  );
}
