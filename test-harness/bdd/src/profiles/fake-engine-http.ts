/** Bound on one helper request of a profile (reference answers, versions). */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * GETs (no body) or POSTs (a JSON body) to an engine beside the adapter under test and returns the parsed
 * JSON answer; a failing status throws with the answer's text, so a broken hook says why.
 */
export async function requestJson(url: string, body?: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if (!response.ok) {
    throw new Error(
      `${body === undefined ? 'GET' : 'POST'} ${url} answered ${response.status}: ${await response.text()}`,
    );
  }
  return response.json();
}

/** The string field `field` of a JSON object, or an error naming what lacked it. */
export function readJsonField(value: unknown, field: string, what: string): string {
  const found =
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[field] : undefined;
  if (typeof found !== 'string') throw new Error(`${what} has no string "${field}"`);
  return found;
}

/** The text of the first choice of a non-streamed OpenAI-style `POST <baseUrl>/v1/completions` of `body`. */
export async function requestCompletionText(baseUrl: string, body: Record<string, unknown>): Promise<string> {
  const answer = await requestJson(`${baseUrl}/v1/completions`, body);
  const choices = (answer as { choices?: unknown }).choices;
  return readJsonField(Array.isArray(choices) ? choices[0] : undefined, 'text', 'the /v1/completions answer');
}
