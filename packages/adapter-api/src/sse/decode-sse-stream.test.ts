import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../events/stream-event.js';
import { decodeSseStream } from './decode-sse-stream.js';
import { encodeSseComment, encodeSseEvent } from './encode-sse-event.js';

const encoder = new TextEncoder();

async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? encoder.encode(part) : part;
}

async function decodeAll(...parts: (string | Uint8Array)[]) {
  const messages = [];
  for await (const message of decodeSseStream(chunks(...parts))) messages.push(message);
  return messages;
}

describe('decodeSseStream (ORCH-SSE-001)', () => {
  it('decodes LF, CRLF and CR line endings alike', async () => {
    for (const newline of ['\n', '\r\n', '\r']) {
      const messages = await decodeAll(`event: token${newline}data: {"a":1}${newline}${newline}`);
      expect(messages).toEqual([{ event: 'token', data: '{"a":1}' }]);
    }
  });

  it('accepts data: with or without the space after the colon (TGI writes none)', async () => {
    const messages = await decodeAll('data:{"x":1}\n\ndata: {"x":2}\n\n');
    expect(messages.map((message) => message.data)).toEqual(['{"x":1}', '{"x":2}']);
  });

  it('skips comment lines and reports them to onComment', async () => {
    const comments: string[] = [];
    const source = chunks(':\n\n: keep-alive\n\ndata: 1\n\n');
    const messages = [];
    for await (const message of decodeSseStream(source, { onComment: (comment) => comments.push(comment) })) {
      messages.push(message.data);
    }
    expect(messages).toEqual(['1']);
    expect(comments).toHaveLength(2);
  });

  it('joins multi-line data with newlines', async () => {
    const messages = await decodeAll('data: first\ndata: second\n\n');
    expect(messages).toEqual([{ data: 'first\nsecond' }]);
  });

  it('reassembles a multi-byte character split across network chunks (ORCH-SSE-002)', async () => {
    const bytes = encoder.encode('data: {"t":"日本🙂"}\n\n');
    const emojiStart = bytes.indexOf(0xf0);
    const splits = [
      bytes.slice(0, 12),
      bytes.slice(12, emojiStart + 1),
      bytes.slice(emojiStart + 1, emojiStart + 3),
    ];
    const messages = await decodeAll(...splits, bytes.slice(emojiStart + 3));
    expect(messages).toEqual([{ data: '{"t":"日本🙂"}' }]);
  });

  it('decodes identically whatever the chunk boundaries (every split of a stream)', async () => {
    const text = 'event: token\r\ndata: {"t":"é"}\r\n\r\n:ping\n\ndata:{"t":"€"}\n\n';
    const bytes = encoder.encode(text);
    const whole = await decodeAll(bytes);
    for (let cut = 1; cut < bytes.length; cut += 1) {
      expect(await decodeAll(bytes.slice(0, cut), bytes.slice(cut))).toEqual(whole);
    }
    expect(whole).toHaveLength(2);
  });

  it('drops a final event that was never closed by a blank line (truncation is not success)', async () => {
    const messages = await decodeAll('data: {"complete":true}\n\ndata: {"half":');
    expect(messages).toEqual([{ data: '{"complete":true}' }]);
  });

  it('reads a web ReadableStream as well as an async iterable', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode('data: a\n\n'));
        controller.close();
      },
    });
    const messages = [];
    for await (const message of decodeSseStream(stream)) messages.push(message.data);
    expect(messages).toEqual(['a']);
  });
});

describe('encodeSseEvent (ORCH-SSE-003)', () => {
  const events: StreamEvent[] = [
    {
      type: 'started',
      task_id: 't',
      model: 'm',
      pool_id: 'p',
      replica_id: 'r',
      engine: 'mock',
      engine_version: '1',
      queue_position: 0,
      seed: 1,
      attempt: 1,
    },
    { type: 'token', i: 0, t: 'line one\nline two\r\n"quoted" 🙂' },
    { type: 'metrics', tokens_out: 1 },
    { type: 'end', finish_reason: 'stop', finish_reason_raw: 'eos' },
  ];

  it('names the SSE event after the type and round-trips through the decoder', async () => {
    const wire = events.map(encodeSseEvent).join('') + encodeSseComment('ping\nwith newline');
    const messages = await decodeAll(wire);
    expect(messages.map((message) => message.event)).toEqual(events.map((event) => event.type));
    expect(messages.map((message) => JSON.parse(message.data))).toEqual(events);
  });

  it('writes each event as exactly one data line', () => {
    const frame = encodeSseEvent(events[1] as StreamEvent);
    expect(frame.split('\n').filter((line) => line.startsWith('data:'))).toHaveLength(1);
    expect(frame.endsWith('\n\n')).toBe(true);
  });
});

describe('decodeSseStream limits (ORCH-SSE-005)', () => {
  it('refuses an event larger than maxEventBytes with engine_protocol_error', async () => {
    const line = `data: ${'x'.repeat(5_000)}\n\n`;
    const source = chunks(
      ...Array.from({ length: 51 }, (_unused, index) => line.slice(index * 100, index * 100 + 100)),
    );
    const consume = async () => {
      for await (const _message of decodeSseStream(source, { maxEventBytes: 1_000 })) {
        // draining
      }
    };
    await expect(consume()).rejects.toMatchObject({ code: 'engine_protocol_error' });
  });
});
