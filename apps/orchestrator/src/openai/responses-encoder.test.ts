import type { StreamEvent } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { createResponsesEncoder } from './responses-encoder.js';

const context = { taskId: 't2', model: 'm', created: 1_700_000_000, includeUsage: true };
const started: StreamEvent = {
  type: 'started',
  task_id: 't2',
  model: 'm',
  pool_id: 'p',
  replica_id: 'r',
  engine: 'mock',
  engine_version: '1',
  queue_position: 0,
  seed: 1,
  attempt: 1,
};

function frames(text: string): { event: string; data: Record<string, unknown> }[] {
  return text
    .split('\n\n')
    .filter((frame) => frame.length > 0)
    .map((frame) => {
      const [eventLine, dataLine] = frame.split('\n');
      return { event: (eventLine ?? '').slice(7), data: JSON.parse((dataLine ?? '').slice(6)) };
    });
}

describe('createResponsesEncoder', () => {
  it('sends the Responses events in order, numbered, with event names equal to their types', () => {
    const encoder = createResponsesEncoder(context);
    const events: StreamEvent[] = [
      started,
      { type: 'token', i: 0, t: 'Hi' },
      { type: 'token', i: 1, t: '!' },
      { type: 'end', finish_reason: 'stop', finish_reason_raw: 'eos', tokens_in: 1, tokens_out: 2 },
    ];
    const sent = frames(events.map((event) => encoder.encodeEvent(event)).join(''));
    expect(sent.map((frame) => frame.event)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(sent.every((frame) => frame.data.type === frame.event)).toBe(true);
    expect(sent.map((frame) => frame.data.sequence_number)).toEqual(sent.map((_, index) => index));
    expect(sent[6]?.data.text).toBe('Hi!');
    expect(sent[9]?.data.response).toMatchObject({
      status: 'completed',
      usage: { input_tokens: 1, output_tokens: 2, total_tokens: 3 },
    });
  });

  it('ends a failed response with response.failed, then an error event that carries error', () => {
    const encoder = createResponsesEncoder(context);
    encoder.encodeEvent(started);
    const sent = frames(
      encoder.encodeEvent({ type: 'error', code: 'idle_timeout', message: 'stalled', retriable: true }),
    );
    expect(sent.map((frame) => frame.event)).toEqual(['response.failed', 'error']);
    expect(sent[0]?.data.response).toMatchObject({ status: 'failed', error: { code: 'idle_timeout' } });
    expect(sent[1]?.data).toMatchObject({ code: 'idle_timeout', error: { type: 'timeout_error' } });
  });
});
