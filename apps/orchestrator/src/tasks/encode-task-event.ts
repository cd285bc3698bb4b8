import { encodeSseEvent, type StreamEvent } from '@orch/adapter-api';

/**
 * SSE bytes of one event. Token events, the hot path, are framed by hand: one string concatenation and one
 * JSON string escape instead of serialising a whole object per token. `Buffer.from` (a Uint8Array) encodes
 * small strings into slices of Node's shared buffer pool, about four times faster than `TextEncoder.encode`,
 * which allocates a new ArrayBuffer per call (measured by test-harness/bench).
 */
export function encodeTaskEvent(event: StreamEvent): Uint8Array {
  if (event.type === 'token') {
    return Buffer.from(
      `event: token\ndata: {"type":"token","i":${event.i},"t":${JSON.stringify(event.t)}}\n\n`,
      'utf8',
    );
  }
  return Buffer.from(encodeSseEvent(event), 'utf8');
}
