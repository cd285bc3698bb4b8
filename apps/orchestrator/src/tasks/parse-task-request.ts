import { TaskError } from '@orch/adapter-api';
import { formatIssuePath } from '../config/format-issue-path.js';
import { compileResponseFormat } from './compile-response-format.js';
import { type TaskRequest, taskRequestSchema } from './task-request-schema.js';

/**
 * Parses the raw body of `POST /v1/tasks`. Any problem is an `invalid_request` TaskError whose message names
 * the field and what was expected.
 */
export function parseTaskRequest(rawBody: string): TaskRequest {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch (error) {
    throw new TaskError('invalid_request', `The body is not valid JSON: ${(error as Error).message}`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new TaskError('invalid_request', 'The body must be a JSON object.');
  }
  const result = taskRequestSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues
      .slice(0, 5)
      .map((issue) => `${formatIssuePath(issue.path)}: ${issue.message}`)
      .join('; ');
    throw new TaskError('invalid_request', `Invalid task: ${problems}`);
  }
  if (result.data.response_format !== undefined) compileResponseFormat(result.data.response_format);
  return result.data;
}
