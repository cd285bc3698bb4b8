import { TaskError } from '@orch/adapter-api';
import { formatIssuePath } from '../config/format-issue-path.js';
import { compileResponseFormat } from './compile-response-format.js';
import { parseJsonObjectBody } from './parse-json-object-body.js';
import { type TaskRequest, taskRequestSchema } from './task-request-schema.js';

/**
 * Parses the raw body of `POST /v1/tasks`. Any problem is an `invalid_request` TaskError whose message names
 * the field and what was expected.
 */
export function parseTaskRequest(rawBody: string): TaskRequest {
  const result = taskRequestSchema.safeParse(parseJsonObjectBody(rawBody));
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
