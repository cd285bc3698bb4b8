import { createParser } from 'eventsource-parser';
import { TaskError } from '../errors/task-error.js';
import { type ByteSource, iterateBytes } from './byte-source.js';
import type { SseMessage } from './sse-message.js';

/** Options of {@link decodeSseStream}. */
export interface DecodeSseOptions {
  /** Called for every comment line (`: keep-alive`), e.g. to count keep-alives as liveness. */
  onComment?: (comment: string) => void;
  /** Largest event (bytes of pending lines) accepted before the stream is refused. Default 16 MiB. */
  maxEventBytes?: number;
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
  const maxEventBytes = options.maxEventBytes ?? 16 * 1024 * 1024;
  const pending: SseMessage[] = [];
  const parser = createParser({
    onEvent(message) {
      const decoded: SseMessage = { data: message.data };
      if (message.event !== undefined) decoded.event = message.event;
      if (message.id !== undefined) decoded.id = message.id;
      pending.push(decoded);
    },
    onComment: options.onComment,
    onError(error) {
      if (error.type === 'max-buffer-size-exceeded') {
        throw new TaskError('engine_protocol_error', `SSE event larger than ${maxEventBytes} bytes.`);
      }
    },
    maxBufferSize: maxEventBytes,
  });
  const decoder = new TextDecoder('utf-8');
  let lastText = '';
  for await (const chunk of iterateBytes(source)) {
    const text = decoder.decode(chunk, { stream: true });
    if (text.length > 0) lastText = text;
    parser.feed(text);
    while (pending.length > 0) yield pending.shift() as SseMessage;
  }
  const rest = decoder.decode();
  if (rest.length > 0) lastText = rest;
  // A lone CR at the very end is a complete line ending; the parser keeps it pending in case LF follows.
  parser.feed(lastText.endsWith('\r') ? `${rest}\n` : rest);
  while (pending.length > 0) yield pending.shift() as SseMessage;
}
