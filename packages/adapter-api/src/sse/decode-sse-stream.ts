import { createParser } from 'eventsource-parser';
import { type ByteSource, iterateBytes } from './byte-source.js';
import type { SseMessage } from './sse-message.js';

/** Options of {@link decodeSseStream}. */
export interface DecodeSseOptions {
  /** Called for every comment line (`: keep-alive`), e.g. to count keep-alives as liveness. */
  onComment?: (comment: string) => void;
}

/**
 * Decodes a Server-Sent Events byte stream into messages, following the SSE specification: LF, CR and CRLF
 * line ends, comment lines, `data:` with or without the space, multi-line data, and UTF-8 characters split
 * across network chunks. A message not closed by a blank line before the end of the stream is dropped, as the
 * specification says, so a truncated final event is never mistaken for a complete one.
 */
export async function* decodeSseStream(
  source: ByteSource,
  options: DecodeSseOptions = {},
): AsyncGenerator<SseMessage> {
  const pending: SseMessage[] = [];
  const parser = createParser({
    onEvent(message) {
      const decoded: SseMessage = { data: message.data };
      if (message.event !== undefined) decoded.event = message.event;
      if (message.id !== undefined) decoded.id = message.id;
      pending.push(decoded);
    },
    onComment: options.onComment,
  });
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of iterateBytes(source)) {
    parser.feed(decoder.decode(chunk, { stream: true }));
    while (pending.length > 0) yield pending.shift() as SseMessage;
  }
  const rest = decoder.decode();
  if (rest.length > 0) parser.feed(rest);
  while (pending.length > 0) yield pending.shift() as SseMessage;
}
