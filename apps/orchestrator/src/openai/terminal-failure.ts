import { type ErrorEvent, TaskError } from '@orch/adapter-api';

/** The failure an `error` event stands for. */
export function failureOfErrorEvent(event: ErrorEvent): TaskError {
  return new TaskError(event.code, event.message, {
    retriable: event.retriable,
    retryAfterMs: event.retry_after_ms,
  });
}

/**
 * The failure an `end` with `finish_reason: "cancelled"` stands for: an answer cut short is never presented
 * to an OpenAI client as complete.
 */
export function cancelledAnswerFailure(): TaskError {
  return new TaskError('cancelled', 'The task was cancelled before it finished.');
}
