import { createParser } from 'eventsource-parser';
import { TaskError } from '../errors/task-error.js';
import type { SseMessage } from './sse-message.js';

/** Options of {@link createSseParser}. */
export interface SseParserOptions {
  /** Called for every comment line (`: keep-alive`), e.g. to count keep-alives as liveness. */
  onComment?: (comment: string) => void;
  /** Largest event (bytes of pending lines) accepted before the stream is refused. Default 16 MiB. */
  maxEventBytes?: number;
}

/** An incremental Server-Sent Events parser: bytes in, messages out, synchronously. */
export interface SseParser {
  /** Parses one chunk of bytes; every message it completes reaches `onMessage` before this returns. */
  feed(chunk: Uint8Array): void;
  /** The bytes have ended: completes a message whose last line ended in a lone CR. */
  end(): void;
}

/**
 * Parses a Server-Sent Events byte stream as it arrives, following the SSE specification: LF, CR and CRLF line
 * ends, comment lines, `data:` with or without the space, multi-line data, and UTF-8 characters split across
 * network chunks. A message not closed by a blank line before the end is dropped, as the specification says, so
 * a truncated final event is never mistaken for a complete one. An oversized event throws an
 * `engine_protocol_error` TaskError from `feed`.
 */
export function createSseParser(
  onMessage: (message: SseMessage) => void,
  options: SseParserOptions = {},
): SseParser {
  const maxEventBytes = options.maxEventBytes ?? 16 * 1024 * 1024;
  const parser = createParser({
    onEvent(message) {
      const decoded: SseMessage = { data: message.data };
      if (message.event !== undefined) decoded.event = message.event;
      if (message.id !== undefined) decoded.id = message.id;
      onMessage(decoded);
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
  return {
    feed(chunk) {
      const text = decoder.decode(chunk, { stream: true });
      if (text.length === 0) return;
      lastText = text;
      parser.feed(text);
    },
    end() {
      const rest = decoder.decode();
      if (rest.length > 0) lastText = rest;
      // A lone CR at the very end is a complete line ending; the parser keeps it pending in case LF follows.
      parser.feed(lastText.endsWith('\r') ? `${rest}\n` : rest);
    },
  };
}
