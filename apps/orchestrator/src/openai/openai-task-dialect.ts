import type { StreamEvent, TaskError } from '@orch/adapter-api';
import { SSE_HEADERS } from '../http/sse-headers.js';
import type { TaskDialect } from '../tasks/task-dialect.js';
import type { OpenAiStreamEncoder } from './openai-answer-context.js';

/** A streamed OpenAI-compatible answer as a dialect of the task pipeline: the route's encoder and refusal. */
export class OpenAiTaskDialect implements TaskDialect {
  readonly streamHeaders: Readonly<Record<string, string>>;

  constructor(
    taskId: string,
    private readonly encoder: OpenAiStreamEncoder,
    private readonly refusal: (error: TaskError) => Response,
  ) {
    this.streamHeaders = { ...SSE_HEADERS, 'x-task-id': taskId };
  }

  encodeEvent(event: StreamEvent): string {
    return this.encoder.encodeEvent(event);
  }

  encodeComment(text: string): string {
    return this.encoder.encodeComment(text);
  }

  refuse(error: TaskError): Response {
    return this.refusal(error);
  }
}
