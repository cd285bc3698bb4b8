import { type ByteSource, iterateBytes } from './byte-source.js';
import { createSseParser, type SseParserOptions } from './create-sse-parser.js';
import type { SseMessage } from './sse-message.js';

/** Options of {@link decodeSseStream}. */
export type DecodeSseOptions = SseParserOptions;

/**
 * Decodes a Server-Sent Events byte stream into messages: the iterator form of {@link createSseParser}, with the
 * same rules (a truncated final event is dropped, never mistaken for a complete one).
 */
export async function* decodeSseStream(
  source: ByteSource,
  options: DecodeSseOptions = {},
): AsyncGenerator<SseMessage> {
  const pending: SseMessage[] = [];
  const parser = createSseParser((message) => pending.push(message), options);
  for await (const chunk of iterateBytes(source)) {
    parser.feed(chunk);
    while (pending.length > 0) yield pending.shift() as SseMessage;
  }
  parser.end();
  while (pending.length > 0) yield pending.shift() as SseMessage;
}
