import { checkEventSequence, type StreamEvent } from '@orch/adapter-api';
import type { BreakerState, FaultRow } from '../fault-table/fault-row.js';
import { sameInjection } from '../fault-table/same-injection.js';
import { sumSamples } from './parse-prometheus-text.js';
import type { FaultSetup, TaskObservation } from './task-observation.js';

const BREAKER_GAUGE: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };

function countTokens(events: readonly StreamEvent[]): number {
  return events.filter((event) => event.type === 'token').length;
}

/**
 * Compares what a scenario set up and what its client saw with the scenario's row of the fault table, cell by
 * cell, plus what holds for every row (event order, `tokens_delivered` equal to the tokens received, the text a
 * prefix of the fault-free answer). Returns one line per disagreement; empty means the row holds.
 * `reference` is the fault-free answer of the same task, when it can be had.
 */
export function compareWithFaultRow(
  row: FaultRow,
  setup: FaultSetup,
  observation: TaskObservation,
  reference: string | undefined,
): string[] {
  const problems: string[] = [];
  const expect = (what: string, actual: unknown, expected: unknown) => {
    if (actual !== expected) {
      problems.push(
        `${what}: the table says ${JSON.stringify(expected)}, observed ${JSON.stringify(actual)}`,
      );
    }
  };
  expect('Engine', setup.engine, row.engine);
  if (!sameInjection(setup.injection, row.injection)) {
    problems.push(`Injection: the table says ${row.injection}, the scenario injected ${setup.injection}`);
  }
  expect('Replicas', setup.replicas, row.replicas);
  expect('HTTP', observation.status, row.httpStatus);

  const { events, envelope } = observation;
  const terminal = events.at(-1);
  const started = events[0]?.type === 'started' ? events[0] : undefined;
  const sees =
    envelope !== undefined && events.length === 0
      ? 'error envelope'
      : started !== undefined && terminal?.type === 'end'
        ? 'started, tokens, end'
        : started !== undefined && terminal?.type === 'error'
          ? 'started, tokens, error'
          : `something else: ${events.map((event) => event.type).join(', ') || 'nothing'}`;
  expect('Client sees', sees, row.clientSees);
  if (events.length > 0) {
    for (const problem of checkEventSequence(events)) problems.push(`event sequence: ${problem}`);
  }
  const code = envelope?.code ?? (terminal?.type === 'error' ? terminal.code : undefined);
  expect('Code', code, row.code);
  expect('Attempt', started?.attempt, row.attempt);

  const tokens = countTokens(events);
  if (terminal?.type === 'error') {
    expect('tokens_delivered of the error event vs token events received', terminal.tokens_delivered, tokens);
  }
  const expected = row.tokensDelivered;
  if (expected.kind === 'exactly') expect('Tokens delivered', tokens, expected.count);
  if (expected.kind === 'at least' && tokens < expected.count) {
    problems.push(`Tokens delivered: the table says at least ${expected.count}, observed ${tokens}`);
  }
  if (expected.kind === 'all') {
    if (reference === undefined) problems.push('Tokens delivered "all" needs the fault-free answer');
    else expect('text (the table says all of the fault-free answer)', observation.text, reference);
  } else if (reference !== undefined && !reference.startsWith(observation.text)) {
    problems.push(
      `text: ${JSON.stringify(observation.text)} is not a prefix of the fault-free answer ${JSON.stringify(reference)}`,
    );
  }

  const moved = (name: string, labels: Record<string, string> = {}) =>
    sumSamples(observation.metricsAfter, { name, labels }) -
    sumSamples(observation.metricsBefore, { name, labels });
  expect('Retries (orch_task_retries_total moved by)', moved('orch_task_retries_total'), row.retries);
  const counted = row.countedAs;
  expect(
    `Counted as (${counted.name}${JSON.stringify(counted.labels)} moved by)`,
    moved(counted.name, counted.labels),
    1,
  );
  expect('Faulty breaker (/v1/replicas)', observation.faultyBreaker, row.faultyBreaker);
  expect(
    'Faulty breaker (orch_replica_breaker_state)',
    sumSamples(observation.metricsAfter, {
      name: 'orch_replica_breaker_state',
      labels: { replica_id: 'faulty' },
    }),
    BREAKER_GAUGE[row.faultyBreaker],
  );
  return problems;
}
