import { formatIssuePath } from '../config/format-issue-path.js';
import { type TaskRequest, taskRequestSchema } from '../tasks/task-request-schema.js';
import { OpenAiRequestError } from './openai-request-error.js';

/** `Invalid task: max_tokens: …` or `prompt: 12 characters exceed …`: the native field a refusal names. */
const NATIVE_FIELD = /^(?:Invalid task: )?([a-z_]+(?:\[\d+\]|\.[a-z_]+)*):/;

/** The native field a native `invalid_request` message starts with, if any. */
export function findNativeField(message: string): string | undefined {
  return NATIVE_FIELD.exec(message)?.[1];
}

/**
 * Checks a converted request with the native rules (the same schema as `POST /v1/tasks`; its response-format
 * schema is compiled by the task starter, after the client and model checks), so no limit is written twice; a refusal names the client's field through `paramOf`.
 */
export function validateConvertedRequest(
  candidate: Record<string, unknown>,
  paramOf: (nativeField: string) => string,
): TaskRequest {
  const result = taskRequestSchema.safeParse(candidate);
  if (!result.success) {
    const issue = result.error.issues[0];
    const param = paramOf(formatIssuePath(issue?.path ?? []));
    throw new OpenAiRequestError(param, `Invalid request: ${param}: ${issue?.message ?? 'invalid value'}`);
  }
  return result.data;
}
