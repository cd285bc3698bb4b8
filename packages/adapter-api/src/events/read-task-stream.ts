import type { ByteSource } from '../sse/byte-source.js';
import { decodeSseStream } from '../sse/decode-sse-stream.js';
import { parseStreamEvent } from './parse-stream-event.js';
import type { StreamEvent } from './stream-event.js';

/** Reads an orchestrator task stream (`POST /v1/tasks`) as typed events, e.g. `readTaskStream(response.body)`. */
export async function* readTaskStream(source: ByteSource): AsyncGenerator<StreamEvent> {
  for await (const message of decodeSseStream(source)) {
    yield parseStreamEvent(message.data, message.event);
  }
}
