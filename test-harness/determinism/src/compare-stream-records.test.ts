import { describe, expect, it } from 'vitest';
import { compareStreamRecords } from './compare-stream-records.js';
import { recordEventStream } from './record-event-stream.js';
import type { StreamRecord } from './stream-record.js';

const base: StreamRecord = {
  stamp: { engine: 'llamacpp', engine_version: 'b1', seed: 7 },
  tokens: ['a', 'b', 'c'],
  tokenIds: [1, 2, 3],
  finish: 'length',
  finishRaw: 'limit',
  tokensOut: 3,
};

describe('compareStreamRecords', () => {
  it('finds no difference between identical records', () => {
    expect(compareStreamRecords(base, structuredClone(base))).toEqual([]);
  });

  it('names the stamp field, the first differing token, the ids and the ending that differ', () => {
    const other: StreamRecord = {
      ...base,
      stamp: { ...base.stamp, seed: 8 },
      tokens: ['a', 'x', 'c', 'd'],
      tokenIds: [1, 9, 3, 4],
      finish: 'stop',
      finishRaw: 'eos',
      tokensOut: 4,
    };
    expect(compareStreamRecords(base, other)).toEqual([
      'stamp seed: 7 ≠ 8',
      'token events: 3 ≠ 4',
      'token 1: "b" ≠ "x"',
      'token ids: [1,2,3] ≠ [1,9,3,4]',
      'finish: length/limit ≠ stop/eos',
      'tokens_out: 3 ≠ 4',
    ]);
  });

  it('sees a shorter stream that is a prefix of the other as different', () => {
    expect(compareStreamRecords(base, { ...base, tokens: ['a', 'b'] })).toEqual(['token events: 3 ≠ 2']);
  });
});

describe('recordEventStream', () => {
  it('keeps the stamp, token texts and ending, and leaves out replica, timings and metrics', async () => {
    const record = await recordEventStream([
      {
        type: 'started',
        task_id: 't',
        model: 'm',
        pool_id: 'p',
        replica_id: 'r9',
        engine: 'llamacpp',
        engine_version: 'b1',
        queue_position: 3,
        seed: 7,
        attempt: 2,
      },
      { type: 'token', i: 0, t: 'a' },
      { type: 'metrics', tokens_out: 1, decode_ms: 5 },
      { type: 'token', i: 1, t: 'b' },
      { type: 'end', finish_reason: 'length', finish_reason_raw: 'limit', tokens_out: 2, ttft_ms: 9 },
    ]);
    expect(record).toEqual({
      stamp: {
        engine: 'llamacpp',
        engine_version: 'b1',
        model_digest: undefined,
        sampler_profile_version: undefined,
        seed: 7,
      },
      tokens: ['a', 'b'],
      finish: 'length',
      finishRaw: 'limit',
      tokensOut: 2,
    });
  });

  it('records an error ending by its code', async () => {
    const record = await recordEventStream([
      { type: 'error', code: 'engine_unavailable', message: 'down', retriable: true },
    ]);
    expect(record.finish).toBe('error:engine_unavailable');
  });
});
