import { SSE_HEADERS } from '../http/sse-headers.js';
import type { UiSubscriber } from './ui-subscriber.js';

/**
 * Bytes a subscriber may leave unread before it is dropped (ORCH-UI-012), beyond its first frame: room for a burst
 * of deltas, never an unbounded buffer.
 */
const MAX_UNREAD_BYTES = 8 * 1024 * 1024;

/**
 * The stream's own high-water mark, far above any real queue: the queue is measured against it (what is queued is
 * this minus `desiredSize`) and bounded by {@link MAX_UNREAD_BYTES} in `send`, not by the stream.
 */
const QUEUE_MEASURE = 2 ** 40;

/** An open SSE answer: the subscriber that writes to it and the Response that carries it. */
export interface SseStream {
  subscriber: UiSubscriber;
  response: Response;
}

/**
 * Opens an SSE answer whose writes are bounded: the body is a web stream (piped to the socket by the server,
 * which waits for the socket to drain), and a write that finds more than {@link MAX_UNREAD_BYTES} unread besides
 * the first frame returns false. The first frame (a snapshot, or a task's replay) may be of any size: a large
 * `ui.recent_tasks` makes a large snapshot, and a reader that has not read it yet is not behind. `onClosed` runs
 * once when the client goes away or the stream is closed.
 */
export function openSseStream(
  owner: string | undefined,
  onClosed: (subscriber: UiSubscriber) => void,
): SseStream {
  const encoder = new TextEncoder();
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  let closed = false;
  /** Bytes of the first frame, allowed on top of the limit. */
  let firstFrameBytes: number | undefined;
  const subscriber: UiSubscriber = {
    owner,
    send(frame) {
      if (closed || controller === undefined) return false;
      const bytes = encoder.encode(frame);
      firstFrameBytes ??= bytes.byteLength;
      controller.enqueue(bytes);
      const queued = QUEUE_MEASURE - (controller.desiredSize ?? 0);
      return queued <= MAX_UNREAD_BYTES + firstFrameBytes;
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
    { highWaterMark: QUEUE_MEASURE, size: (chunk) => chunk.byteLength },
  );
  return { subscriber, response: new Response(body, { status: 200, headers: SSE_HEADERS }) };
}
