import { encodeSseComment, encodeSseEvent, type StreamEvent, type TaskError } from '@orch/adapter-api';
import type { TaskDialect } from '../tasks/task-dialect.js';
import { createErrorResponse } from './error-response.js';
import { SSE_HEADERS } from './sse-headers.js';

/**
 * SSE text of one event. Token events, the hot path, are framed by hand: one string concatenation and one JSON
 * string escape instead of serialising a whole object per token.
 */
export function encodeTaskEvent(event: StreamEvent): string {
  if (event.type === 'token') {
    return `event: token\ndata: {"type":"token","i":${event.i},"t":${JSON.stringify(event.t)}}\n\n`;
  }
  return encodeSseEvent(event);
}

/** The native dialect of `POST /v1/tasks`: every contract event as an SSE event named after its type. */
export class NativeTaskDialect implements TaskDialect {
  readonly streamHeaders: Readonly<Record<string, string>>;

  constructor(private readonly taskId: string) {
    this.streamHeaders = { ...SSE_HEADERS, 'x-task-id': taskId };
  }

  encodeEvent(event: StreamEvent): string {
    return encodeTaskEvent(event);
  }

  encodeComment(text: string): string {
    return encodeSseComment(text);
  }

  refuse(error: TaskError): Response {
    return createErrorResponse(error, this.taskId);
  }
}
