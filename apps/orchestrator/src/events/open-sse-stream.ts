import { SSE_HEADERS } from '../http/sse-headers.js';
import type { UiSubscriber } from './ui-subscriber.js';

/**
 * Bytes a subscriber may leave unread before it is dropped (ORCH-UI-012): room for a large snapshot (100 replicas,
 * 1,000 recent tasks) and a burst of deltas, never an unbounded buffer.
 */
const MAX_UNREAD_BYTES = 8 * 1024 * 1024;

/** An open SSE answer: the subscriber that writes to it and the Response that carries it. */
export interface SseStream {
  subscriber: UiSubscriber;
  response: Response;
}

/**
 * Opens an SSE answer whose writes are bounded: the body is a web stream (piped to the socket by the server,
 * which waits for the socket to drain), and a write that finds more than {@link MAX_UNREAD_BYTES} unread returns
 * false. `onClosed` runs once when the client goes away or the stream is closed.
 */
export function openSseStream(
  owner: string | undefined,
  onClosed: (subscriber: UiSubscriber) => void,
): SseStream {
  const encoder = new TextEncoder();
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  let closed = false;
  const subscriber: UiSubscriber = {
    owner,
    send(frame) {
      if (closed || controller === undefined) return false;
      controller.enqueue(encoder.encode(frame));
      return (controller.desiredSize ?? 0) >= 0;
    },
    close() {
      if (closed) return;
      closed = true;
      controller?.close();
      onClosed(subscriber);
    },
  };
  const body = new ReadableStream<Uint8Array>(
    {
      start(streamController) {
        controller = streamController;
      },
      cancel() {
        if (closed) return;
        closed = true;
        onClosed(subscriber);
      },
    },
    { highWaterMark: MAX_UNREAD_BYTES, size: (chunk) => chunk.byteLength },
  );
  return { subscriber, response: new Response(body, { status: 200, headers: SSE_HEADERS }) };
}
