import { isTaskError, type TaskError } from '@orch/adapter-api';

/**
 * Runs `run` and returns the TaskError it rejects with. Any other error is rethrown, and a run that resolves
 * fails with "expected a TaskError", so a test can assert on the error's code and fields directly.
 */
export async function rejection(run: () => Promise<unknown>): Promise<TaskError> {
  try {
    await run();
  } catch (error) {
    if (isTaskError(error)) return error;
    throw error;
  }
  throw new Error('expected a TaskError');
}
