import { isTaskError, TaskError } from './task-error.js';

/**
 * Turns anything thrown into a {@link TaskError}. An abort (the task's signal fired) becomes `cancelled`;
 * anything unknown becomes `internal` with its message kept.
 */
export function toTaskError(error: unknown): TaskError {
  if (isTaskError(error)) return error;
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) {
    return new TaskError('cancelled', 'The task was cancelled.', { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new TaskError('internal', message, { cause: error });
}
