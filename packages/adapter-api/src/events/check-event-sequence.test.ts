import { describe, expect, it } from 'vitest';
import { checkEventSequence } from './check-event-sequence.js';
import type { StreamEvent } from './stream-event.js';

const started: StreamEvent = {
  type: 'started',
  task_id: 't',
  model: 'm',
  pool_id: 'p',
  replica_id: 'r',
  engine: 'mock',
  engine_version: '1',
  queue_position: 0,
  seed: 0,
  attempt: 1,
};
const end: StreamEvent = { type: 'end', finish_reason: 'stop', finish_reason_raw: 'eos' };

describe('checkEventSequence (ORCH-EVT-001)', () => {
  it('accepts started, tokens 0..n-1, metrics, then one end', () => {
    const events: StreamEvent[] = [
      started,
      { type: 'token', i: 0, t: 'a' },
      { type: 'metrics', tokens_out: 1 },
      { type: 'token', i: 1, t: 'b' },
      end,
    ];
    expect(checkEventSequence(events)).toEqual([]);
  });

  it('accepts a lone error (failure before start)', () => {
    expect(
      checkEventSequence([{ type: 'error', code: 'engine_error', message: 'x', retriable: true }]),
    ).toEqual([]);
  });

  it('flags a missing terminal event, a gap in indices and events after the end', () => {
    expect(checkEventSequence([started, { type: 'token', i: 0, t: 'a' }])).toContain(
      'the stream has no terminal event ("end" or "error")',
    );
    expect(checkEventSequence([started, { type: 'token', i: 1, t: 'a' }, end]).join()).toMatch(/expected 0/);
    expect(checkEventSequence([started, end, { type: 'token', i: 0, t: 'a' }]).join()).toMatch(
      /after the terminal/,
    );
    expect(checkEventSequence([started, end, end]).join()).toMatch(/after the terminal/);
    expect(checkEventSequence([]).length).toBe(1);
  });
});
