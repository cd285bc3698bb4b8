import type { StreamEvent } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import type { FaultRow } from '../fault-table/fault-row.js';
import { compareWithFaultRow } from './compare-with-fault-row.js';
import type { MetricSample } from './parse-prometheus-text.js';
import type { FaultSetup, TaskObservation } from './task-observation.js';

const ROW: FaultRow = {
  id: 'ORCH-FLT-006',
  fault: 'stall mid-stream',
  engine: 'llamacpp (fake)',
  injection: '{"stallAfterTokens":3,"stallMs":10000}',
  replicas: 'faulty',
  httpStatus: 200,
  clientSees: 'started, tokens, error',
  code: 'idle_timeout',
  tokensDelivered: { kind: 'exactly', count: 3 },
  attempt: 1,
  retries: 0,
  countedAs: { name: 'orch_tasks_failed_total', labels: { code: 'idle_timeout' } },
  faultyBreaker: 'closed',
  line: 50,
};

const SETUP: FaultSetup = {
  engine: 'llamacpp (fake)',
  injection: '{ "stallMs": 10000, "stallAfterTokens": 3 }',
  replicas: 'faulty',
};

const STARTED: StreamEvent = {
  type: 'started',
  task_id: 't',
  model: 'm',
  pool_id: 'faults',
  replica_id: 'faulty',
  engine: 'llamacpp',
  engine_version: 'b1',
  queue_position: 0,
  seed: 7,
  attempt: 1,
};

function tokens(...texts: string[]): StreamEvent[] {
  return texts.map((t, i) => ({ type: 'token', i, t }));
}

function observe(events: StreamEvent[], after: Partial<Record<string, number>> = {}): TaskObservation {
  const sample = (name: string, labels: Record<string, string>, value: number): MetricSample => ({
    name,
    labels,
    value,
  });
  return {
    taskId: 't',
    status: 200,
    envelope: undefined,
    events,
    text: events.map((event) => (event.type === 'token' ? event.t : '')).join(''),
    metricsBefore: [sample('orch_tasks_failed_total', { code: 'idle_timeout', pool_id: 'faults' }, 2)],
    metricsAfter: [
      sample('orch_tasks_failed_total', { code: 'idle_timeout', pool_id: 'faults' }, after.failed ?? 3),
      sample('orch_task_retries_total', { code: 'engine_error' }, after.retries ?? 0),
      sample('orch_replica_breaker_state', { replica_id: 'faulty' }, after.breaker ?? 0),
    ],
    faultyBreaker: 'closed',
    durationMs: 700,
  };
}

const idleError: StreamEvent = {
  type: 'error',
  code: 'idle_timeout',
  message: 'stalled',
  retriable: true,
  tokens_delivered: 3,
};

describe('compareWithFaultRow', () => {
  it('finds nothing when the client saw exactly what the row says (knob JSON compared as values)', () => {
    const events = [STARTED, ...tokens('a', 'b', 'c'), idleError];
    expect(compareWithFaultRow(ROW, SETUP, observe(events), 'abcdef')).toEqual([]);
  });

  it('reports a different code, token count and retry count, cell by cell', () => {
    const events = [STARTED, ...tokens('a', 'b'), { ...idleError, code: 'stream_truncated' as const }];
    const problems = compareWithFaultRow(ROW, SETUP, observe(events, { retries: 1 }), undefined);
    expect(problems).toEqual(
      expect.arrayContaining([
        'Code: the table says "idle_timeout", observed "stream_truncated"',
        'Tokens delivered: the table says 3, observed 2',
        'Retries (orch_task_retries_total moved by): the table says 0, observed 1',
      ]),
    );
  });

  it('reports a duplicated token as text that is not a prefix of the fault-free answer', () => {
    const events = [STARTED, ...tokens('a', 'b', 'b'), idleError];
    expect(compareWithFaultRow(ROW, SETUP, observe(events), 'abcdef').join('\n')).toMatch(
      /is not a prefix of the fault-free answer/,
    );
  });

  it('reports tokens_delivered that differs from the tokens received, and a bare close', () => {
    const lying = [STARTED, ...tokens('a', 'b', 'c'), { ...idleError, tokens_delivered: 5 }];
    expect(compareWithFaultRow(ROW, SETUP, observe(lying), undefined).join('\n')).toMatch(
      /tokens_delivered of the error event/,
    );
    const bare = [STARTED, ...tokens('a', 'b', 'c')];
    const problems = compareWithFaultRow(ROW, SETUP, observe(bare), undefined).join('\n');
    expect(problems).toMatch(/Client sees/);
    expect(problems).toMatch(/no terminal event/);
  });

  it('reports a setup that is not the row’s, and a counter or breaker that did not move as the row says', () => {
    const events = [STARTED, ...tokens('a', 'b', 'c'), idleError];
    const problems = compareWithFaultRow(
      ROW,
      { ...SETUP, injection: '{"dropAfterTokens":3}', replicas: 'faulty + healthy' },
      observe(events, { failed: 2, breaker: 2 }),
      undefined,
    ).join('\n');
    expect(problems).toMatch(/Injection/);
    expect(problems).toMatch(/Replicas/);
    expect(problems).toMatch(/Counted as/);
    expect(problems).toMatch(/orch_replica_breaker_state/);
  });

  it('needs the fault-free answer for a row that says all, and compares the whole text with it', () => {
    const row: FaultRow = {
      ...ROW,
      clientSees: 'started, tokens, end',
      code: undefined,
      tokensDelivered: { kind: 'all' },
      countedAs: { name: 'orch_tasks_failed_total', labels: {} },
    };
    const events: StreamEvent[] = [
      STARTED,
      ...tokens('a', 'b'),
      { type: 'end', finish_reason: 'length', finish_reason_raw: 'limit' },
    ];
    expect(compareWithFaultRow(row, SETUP, observe(events), 'ab')).toEqual([]);
    expect(compareWithFaultRow(row, SETUP, observe(events), undefined)).toEqual([
      'Tokens delivered "all" needs the fault-free answer',
    ]);
    expect(compareWithFaultRow(row, SETUP, observe(events), 'abc').join('\n')).toMatch(/text/);
  });
});
