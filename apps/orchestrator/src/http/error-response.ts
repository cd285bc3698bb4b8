import type { TaskError } from '@orch/adapter-api';

/** The JSON error envelope every non-streaming failure answers with. */
export interface ErrorEnvelope {
  error: {
    code: string;
    message: string;
    retriable: boolean;
    retry_after_ms?: number;
    task_id?: string;
  };
}

/** A JSON error response for a TaskError: its status, the envelope, and `Retry-After` when known. */
export function createErrorResponse(error: TaskError, taskId?: string): Response {
  const envelope: ErrorEnvelope = {
    error: { code: error.code, message: error.message, retriable: error.retriable },
  };
  const headers = new Headers({ 'content-type': 'application/json; charset=utf-8' });
  if (error.retryAfterMs !== undefined) {
    envelope.error.retry_after_ms = error.retryAfterMs;
    headers.set('retry-after', String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))));
  }
  if (taskId !== undefined) envelope.error.task_id = taskId;
  return new Response(JSON.stringify(envelope), { status: error.status, headers });
}
