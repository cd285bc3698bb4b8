import { describe, expect, it } from 'vitest';
import { decodeNdjsonStream } from './decode-ndjson-stream.js';

const encoder = new TextEncoder();

async function lines(...parts: Uint8Array[]) {
  const result: string[] = [];
  async function* source() {
    yield* parts;
  }
  for await (const line of decodeNdjsonStream(source())) result.push(line);
  return result;
}

describe('decodeNdjsonStream (ORCH-SSE-004)', () => {
  it('splits lines across chunk boundaries, ignores blank lines and strips CR', async () => {
    const bytes = encoder.encode('{"a":1}\r\n\n{"b":"ü"}\n{"c":3}');
    for (let cut = 1; cut < bytes.length; cut += 1) {
      expect(await lines(bytes.slice(0, cut), bytes.slice(cut))).toEqual(['{"a":1}', '{"b":"ü"}', '{"c":3}']);
    }
  });
});
