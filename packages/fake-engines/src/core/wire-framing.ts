/** An SSE `data` event: `data: …\n\n`, or `data:…\n\n` without the space as TGI writes it (specs/engines/cross-engine.md E.1). */
export function sseData(payload: string, space = true): string {
  return space ? `data: ${payload}\n\n` : `data:${payload}\n\n`;
}

/** The SSE comment used as a keep-alive by llama.cpp and axum (TGI): an empty comment line. */
export const SSE_KEEP_ALIVE = ':\n\n';

/** The `[DONE]` sentinel of OpenAI-style streams. */
export const SSE_DONE = 'data: [DONE]\n\n';

/** Headers of an SSE response. */
export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
} as const;

/** One NDJSON line. */
export function ndjsonLine(payload: string): string {
  return `${payload}\n`;
}

/**
 * JSON as Go's `encoding/json` writes it (Ollama): `<`, `>`, `&`, U+2028 and U+2029 escaped as `\u003c`…
 */
export function stringifyLikeGo(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => {
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** A random lower-case hex id. */
export function randomHex(length = 32): string {
  let text = '';
  while (text.length < length) text += crypto.randomUUID().replace(/-/g, '');
  return text.slice(0, length);
}

/** A random alphanumeric id (llama.cpp `chatcmpl-` ids use 32 of these). */
export function randomAlphanumeric(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let text = '';
  for (let index = 0; index < length; index += 1)
    text += alphabet[Math.floor(Math.random() * alphabet.length)];
  return text;
}
