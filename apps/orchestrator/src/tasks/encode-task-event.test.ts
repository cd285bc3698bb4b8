import { encodeSseEvent, type StreamEvent } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { encodeTaskEvent } from './encode-task-event.js';

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('encodeTaskEvent', () => {
  it('frames a token event exactly as the generic SSE encoder does, escapes included', () => {
    for (const t of [' hello', '', 'quote " backslash \\ newline \n tab \t', 'é 日本 🚀', '\u2028\u0000']) {
      const event: StreamEvent = { type: 'token', i: 41, t };
      expect(decode(encodeTaskEvent(event))).toBe(encodeSseEvent(event));
    }
  });

  it('frames the other events with the generic encoder, as UTF-8', () => {
    const events: StreamEvent[] = [
      { type: 'end', finish_reason: 'length', finish_reason_raw: 'limit', tokens_out: 3 },
      { type: 'metrics', tokens_out: 16 },
    ];
    for (const event of events) expect(decode(encodeTaskEvent(event))).toBe(encodeSseEvent(event));
  });

  it('returns bytes that stay intact after later events are encoded (pooled buffers are not shared)', () => {
    const first = encodeTaskEvent({ type: 'token', i: 0, t: 'first' });
    const copy = Uint8Array.from(first);
    for (let i = 1; i < 2000; i += 1) encodeTaskEvent({ type: 'token', i, t: 'later' });
    expect([...first]).toEqual([...copy]);
    expect(decode(first)).toBe(encodeSseEvent({ type: 'token', i: 0, t: 'first' }));
    expect(first).toBeInstanceOf(Uint8Array);
  });
});
