import { encodeSseEvent, type StreamEvent, TaskError } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { encodeTaskEvent, NativeTaskDialect } from './native-task-dialect.js';

describe('encodeTaskEvent', () => {
  it('frames a token event exactly as the generic SSE encoder does, escapes included', () => {
    for (const t of [' hello', '', 'quote " backslash \\ newline \n tab \t', 'é 日本 🚀', '\u2028\u0000']) {
      const event: StreamEvent = { type: 'token', i: 41, t };
      expect(encodeTaskEvent(event)).toBe(encodeSseEvent(event));
    }
  });

  it('frames the other events with the generic encoder', () => {
    const events: StreamEvent[] = [
      { type: 'end', finish_reason: 'length', finish_reason_raw: 'limit', tokens_out: 3 },
      { type: 'metrics', tokens_out: 16 },
    ];
    for (const event of events) expect(encodeTaskEvent(event)).toBe(encodeSseEvent(event));
  });
});

describe('NativeTaskDialect (ORCH-PIPE-020)', () => {
  it('streams SSE with the task id header and refuses with the JSON envelope', async () => {
    const dialect = new NativeTaskDialect('t-9');
    expect(dialect.streamHeaders['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(dialect.streamHeaders['x-task-id']).toBe('t-9');
    expect(dialect.encodeComment('keep-alive')).toBe(': keep-alive\n\n');
    const refusal = dialect.refuse(new TaskError('queue_full', 'full', { retryAfterMs: 1500 }));
    expect(refusal.status).toBe(429);
    expect(refusal.headers.get('retry-after')).toBe('2');
    expect(await refusal.json()).toEqual({
      error: { code: 'queue_full', message: 'full', retriable: true, retry_after_ms: 1500, task_id: 't-9' },
    });
  });
});
