import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** Writes a complete JSON response (Content-Length set). */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {},
  serialize: (value: unknown) => string = JSON.stringify,
): void {
  sendText(response, status, serialize(body), { 'content-type': 'application/json', ...headers });
}

/** Writes a complete text response (Content-Length set). */
export function sendText(
  response: ServerResponse,
  status: number,
  text: string,
  headers: OutgoingHttpHeaders = {},
): void {
  if (response.headersSent || response.writableEnded) return;
  const body = Buffer.from(text, 'utf8');
  response.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    ...headers,
    'content-length': body.length,
  });
  response.end(body);
}

/** Writes the status line and headers of a stream (chunked) and sends them at once. */
export function startStreamResponse(response: ServerResponse, headers: OutgoingHttpHeaders): void {
  if (response.headersSent) return;
  response.writeHead(200, headers);
  response.flushHeaders();
}
