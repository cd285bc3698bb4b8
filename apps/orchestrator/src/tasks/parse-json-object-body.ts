import { TaskError } from '@orch/adapter-api';

/** The JSON object of a raw request body; anything else (bad JSON, an array, a scalar) is `invalid_request`. */
export function parseJsonObjectBody(rawBody: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch (error) {
    throw new TaskError('invalid_request', `The body is not valid JSON: ${(error as Error).message}`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new TaskError('invalid_request', 'The body must be a JSON object.');
  }
  return json as Record<string, unknown>;
}
