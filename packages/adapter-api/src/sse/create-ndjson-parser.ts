/** An incremental newline-delimited JSON splitter: bytes in, lines out, synchronously. */
export interface NdjsonParser {
  /** Splits one chunk; every line it completes reaches `onLine` before this returns. */
  feed(chunk: Uint8Array): void;
  /** The bytes have ended: a final line without its newline is still a line (NDJSON producers may omit it). */
  end(): void;
}

/**
 * Splits a newline-delimited JSON byte stream (Ollama's streaming format) into lines of text as it arrives,
 * handling CRLF, blank lines and UTF-8 characters split across chunks. Parsing the lines is left to the caller,
 * who validates them.
 */
export function createNdjsonParser(onLine: (line: string) => void): NdjsonParser {
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  const emit = (line: string) => {
    const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (trimmed.trim().length > 0) onLine(trimmed);
  };
  return {
    feed(chunk) {
      buffer += decoder.decode(chunk, { stream: true });
      let start = 0;
      let newline = buffer.indexOf('\n');
      while (newline !== -1) {
        emit(buffer.slice(start, newline));
        start = newline + 1;
        newline = buffer.indexOf('\n', start);
      }
      if (start > 0) buffer = buffer.slice(start);
    },
    end() {
      buffer += decoder.decode();
      emit(buffer);
      buffer = '';
    },
  };
}
