/**
 * The response headers of every SSE answer (task streams in both dialects, the status page's events): no cache and
 * no proxy buffering, so each frame reaches the client when it is written.
 */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
};
