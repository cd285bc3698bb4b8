import { TaskError } from '@orch/adapter-api';

/**
 * What was wrong with a body that is not JSON, without any of its text: V8's message quotes the body
 * (`Unexpected token 'x', "xyz…" is not valid JSON`), and refusals are logged (ORCH-SEC-022).
 */
function describeJsonSyntaxError(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (message.startsWith('Unexpected token')) return 'unexpected token';
  // The other messages say what was expected and where: `… after property value in JSON at position 6`.
  return message.replace(/".*"/s, '(…)').slice(0, 120);
}

/** The JSON object of a raw request body; anything else (bad JSON, an array, a scalar) is `invalid_request`. */
export function parseJsonObjectBody(rawBody: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch (error) {
    throw new TaskError('invalid_request', `The body is not valid JSON: ${describeJsonSyntaxError(error)}`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new TaskError('invalid_request', 'The body must be a JSON object.');
  }
  return json as Record<string, unknown>;
}
