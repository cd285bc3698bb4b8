import { encodeSseEvent, type StreamEvent } from '@orch/adapter-api';

const encoder = new TextEncoder();

/**
 * SSE bytes of one event. Token events, the hot path, are framed by hand: one string concatenation and one
 * JSON string escape instead of serialising a whole object per token.
 */
export function encodeTaskEvent(event: StreamEvent): Uint8Array {
  if (event.type === 'token') {
    return encoder.encode(
      `event: token\ndata: {"type":"token","i":${event.i},"t":${JSON.stringify(event.t)}}\n\n`,
    );
  }
  return encoder.encode(encodeSseEvent(event));
}
