import type { StreamEvent } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { normaliseEvents } from './normalise-events.js';

describe('normaliseEvents', () => {
  const events: StreamEvent[] = [
    {
      type: 'started',
      task_id: 'conformance-1234',
      model: 'm',
      pool_id: 'p',
      replica_id: 'r',
      engine: 'mock',
      engine_version: '0.1.0',
      queue_position: 0,
      seed: 7,
      attempt: 1,
    },
    { type: 'token', i: 0, t: 'hi' },
    { type: 'metrics', tokens_out: 1, decode_ms: 3.2 },
    {
      type: 'end',
      finish_reason: 'length',
      finish_reason_raw: 'limit',
      tokens_out: 1,
      ttft_ms: 1.5,
      decode_ms: 2,
    },
  ];

  it('leaves out ids, timings and the engine version, and drops metrics events', () => {
    expect(normaliseEvents(events)).toEqual([
      { type: 'started', model: 'm', engine: 'mock', queue_position: 0, seed: 7, attempt: 1 },
      { type: 'token', i: 0, t: 'hi' },
      { type: 'end', finish_reason: 'length', finish_reason_raw: 'limit', tokens_out: 1 },
    ]);
  });

  it('puts type first and sorts the other keys, so golden files are stable', () => {
    expect(Object.keys(normaliseEvents(events)[2] ?? {})).toEqual([
      'type',
      'finish_reason',
      'finish_reason_raw',
      'tokens_out',
    ]);
  });
});
