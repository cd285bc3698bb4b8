import type { StreamEvent } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { createChatCompletionEncoder } from './chat-completion-encoder.js';

const context = { taskId: 't1', model: 'm', created: 1_700_000_000, includeUsage: true };
const started: StreamEvent = {
  type: 'started',
  task_id: 't1',
  model: 'm',
  pool_id: 'p',
  replica_id: 'r',
  engine: 'mock',
  engine_version: '1',
  queue_position: 0,
  seed: 1,
  attempt: 1,
};

/** The JSON payloads of an encoded stream, `[DONE]` kept as a string. */
function payloads(text: string): unknown[] {
  return text
    .split('\n\n')
    .filter((frame) => frame.startsWith('data: '))
    .map((frame) => frame.slice(6))
    .map((data) => (data === '[DONE]' ? data : JSON.parse(data)));
}

describe('createChatCompletionEncoder (ORCH-OAI-002, ORCH-OAI-002a)', () => {
  it('sends role first, one id for the stream, finish_reason last, then usage and [DONE]', () => {
    const encoder = createChatCompletionEncoder(context);
    const events: StreamEvent[] = [
      started,
      { type: 'token', i: 0, t: 'Hel' },
      { type: 'metrics', tokens_out: 1 },
      { type: 'token', i: 1, t: 'lo "x"' },
      { type: 'end', finish_reason: 'stop', finish_reason_raw: 'eos', tokens_in: 3, tokens_out: 2 },
    ];
    const frames = payloads(events.map((event) => encoder.encodeEvent(event)).join(''));
    expect(frames).toEqual([
      expect.objectContaining({
        choices: [expect.objectContaining({ delta: { role: 'assistant', content: '' } })],
      }),
      expect.objectContaining({ choices: [expect.objectContaining({ delta: { content: 'Hel' } })] }),
      expect.objectContaining({ choices: [expect.objectContaining({ delta: { content: 'lo "x"' } })] }),
      expect.objectContaining({ choices: [expect.objectContaining({ delta: {}, finish_reason: 'stop' })] }),
      expect.objectContaining({
        choices: [],
        usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
      }),
      '[DONE]',
    ]);
    const chunks = frames.filter(
      (frame): frame is { id: string; created: number; object: string } => frame !== '[DONE]',
    );
    expect(new Set(chunks.map((chunk) => `${chunk.id} ${chunk.created} ${chunk.object}`))).toEqual(
      new Set(['chatcmpl-t1 1700000000 chat.completion.chunk']),
    );
  });

  it('reports unknown usage counts as null, never 0', () => {
    const encoder = createChatCompletionEncoder(context);
    const frames = payloads(
      encoder.encodeEvent({ type: 'end', finish_reason: 'length', finish_reason_raw: 'x' }),
    );
    expect(frames[1]).toMatchObject({
      usage: { prompt_tokens: null, completion_tokens: null, total_tokens: null },
    });
  });

  it('ends a failed stream with data: {"error": …} then [DONE], never a finish_reason', () => {
    const encoder = createChatCompletionEncoder(context);
    const text = encoder.encodeEvent({
      type: 'error',
      code: 'engine_error',
      message: 'boom',
      retriable: true,
    });
    expect(payloads(text)).toEqual([
      { error: { message: 'boom', type: 'server_error', param: null, code: 'engine_error' } },
      '[DONE]',
    ]);
  });

  it('answers a cancelled end as an error, so a cut answer never looks complete', () => {
    const encoder = createChatCompletionEncoder(context);
    const text = encoder.encodeEvent({ type: 'end', finish_reason: 'cancelled', finish_reason_raw: 'abort' });
    expect(payloads(text)[0]).toMatchObject({ error: { code: 'cancelled' } });
    expect(text).not.toContain('finish_reason');
  });

  it('writes comments as SSE comment lines that clients ignore', () => {
    expect(createChatCompletionEncoder(context).encodeComment('ping')).toBe(': ping\n\n');
  });
});
