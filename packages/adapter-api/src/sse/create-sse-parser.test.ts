import { describe, expect, it } from 'vitest';
import { createNdjsonParser } from './create-ndjson-parser.js';
import { createSseParser } from './create-sse-parser.js';
import type { SseMessage } from './sse-message.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('createSseParser (ORCH-PIPE-003)', () => {
  it('hands out every message a chunk completes before feed returns', () => {
    const seen: SseMessage[] = [];
    const parser = createSseParser((message) => seen.push(message));
    parser.feed(bytes('data: a\n\nevent: x\ndata: b\n'));
    expect(seen).toEqual([{ data: 'a' }]);
    parser.feed(bytes('\n'));
    expect(seen).toEqual([{ data: 'a' }, { event: 'x', data: 'b' }]);
  });

  it('keeps a UTF-8 character split across chunks whole', () => {
    const seen: SseMessage[] = [];
    const parser = createSseParser((message) => seen.push(message));
    const all = bytes('data: 🙂\n\n');
    for (const byte of all) parser.feed(Uint8Array.of(byte));
    expect(seen).toEqual([{ data: '🙂' }]);
  });

  it('completes a message ended by a lone CR at the very end, and drops an unterminated one', () => {
    const seen: SseMessage[] = [];
    const parser = createSseParser((message) => seen.push(message));
    parser.feed(bytes('data: a\r\r'));
    parser.end();
    expect(seen).toEqual([{ data: 'a' }]);
    const dropped: SseMessage[] = [];
    const truncated = createSseParser((message) => dropped.push(message));
    truncated.feed(bytes('data: half'));
    truncated.end();
    expect(dropped).toEqual([]);
  });

  it('refuses an event over the size limit', () => {
    const parser = createSseParser(() => {}, { maxEventBytes: 16 });
    expect(() => parser.feed(bytes(`data: ${'x'.repeat(64)}`))).toThrowError(
      expect.objectContaining({ code: 'engine_protocol_error' }),
    );
  });
});

describe('createNdjsonParser', () => {
  it('splits lines across chunks, drops blank ones and keeps a final line without its newline', () => {
    const lines: string[] = [];
    const parser = createNdjsonParser((line) => lines.push(line));
    parser.feed(bytes('{"a":1}\r\n\n{"b"'));
    expect(lines).toEqual(['{"a":1}']);
    parser.feed(bytes(':2}\n{"c":3}'));
    parser.end();
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });
});
