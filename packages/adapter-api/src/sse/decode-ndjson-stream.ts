import { type ByteSource, iterateBytes } from './byte-source.js';
import { createNdjsonParser } from './create-ndjson-parser.js';

/**
 * Splits a newline-delimited JSON byte stream into lines of text: the iterator form of
 * {@link createNdjsonParser}, with the same rules.
 */
export async function* decodeNdjsonStream(source: ByteSource): AsyncGenerator<string> {
  const pending: string[] = [];
  const parser = createNdjsonParser((line) => pending.push(line));
  for await (const chunk of iterateBytes(source)) {
    parser.feed(chunk);
    while (pending.length > 0) yield pending.shift() as string;
  }
  parser.end();
  while (pending.length > 0) yield pending.shift() as string;
}
