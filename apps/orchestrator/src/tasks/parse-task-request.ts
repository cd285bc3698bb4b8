import { TaskError } from '@orch/adapter-api';
import { formatIssuePath } from '../config/format-issue-path.js';
import { parseJsonObjectBody } from './parse-json-object-body.js';
import { type TaskRequest, taskRequestSchema } from './task-request-schema.js';

/**
 * Parses the raw body of `POST /v1/tasks`. Any problem is an `invalid_request` TaskError whose message names
 * the field and what was expected. A `response_format` schema is compiled later, once the client, its model and
 * its limits have been checked (ORCH-SEC-010).
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
  return result.data;
}
