import { type ByteSource, iterateBytes } from './byte-source.js';

/**
 * Splits a newline-delimited JSON byte stream (Ollama's streaming format) into lines of text, handling CRLF,
 * blank lines and UTF-8 characters split across chunks. Parsing the lines is left to the caller, who
 * validates them. A final line without its newline is still yielded: NDJSON producers may omit it.
 */
export async function* decodeNdjsonStream(source: ByteSource): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  for await (const chunk of iterateBytes(source)) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline = buffer.indexOf('\n');
    while (newline !== -1) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      if (line.trim().length > 0) yield line;
      newline = buffer.indexOf('\n');
    }
  }
  buffer += decoder.decode();
  if (buffer.trim().length > 0) yield buffer.replace(/\r$/, '');
}
