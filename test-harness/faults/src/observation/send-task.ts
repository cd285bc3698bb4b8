import { randomUUID } from 'node:crypto';
import { readTaskStream, type StreamEvent } from '@orch/adapter-api';
import type { BreakerState } from '../fault-table/fault-row.js';
import { parsePrometheusText } from './parse-prometheus-text.js';
import type { ErrorEnvelope, TaskObservation } from './task-observation.js';

/** Bound on one task, request and whole stream: a hang fails the scenario instead of stalling the suite. */
export const TASK_TIMEOUT_MS = 15_000;

/** What `onEvent` may decide after each event. */
export type EventDecision = 'continue' | 'abandon';

/** Options of {@link sendTask}. */
export interface SendTaskOptions {
  /** Called with each event as it arrives (e.g. to kill the engine after a token); `abandon` closes the stream. */
  onEvent?: (event: StreamEvent) => EventDecision | undefined | Promise<EventDecision | undefined>;
}

/** One replica as `GET /v1/replicas` shows it. */
export interface ReplicaView {
  id: string;
  health: string;
  breaker: BreakerState;
  in_flight: number;
}

/** Reads `GET /v1/replicas` of the fault pool. */
export async function readReplicas(orchestratorUrl: string): Promise<ReplicaView[]> {
  const response = await fetch(`${orchestratorUrl}/v1/replicas`, { signal: AbortSignal.timeout(5_000) });
  const body = (await response.json()) as { pools: { replicas: ReplicaView[] }[] };
  return body.pools.flatMap((pool) => pool.replicas);
}

/** Reads `GET /metrics` as samples. */
export async function readMetrics(orchestratorUrl: string) {
  const response = await fetch(`${orchestratorUrl}/metrics`, { signal: AbortSignal.timeout(5_000) });
  return parsePrometheusText(await response.text());
}

/**
 * Sends one task to `POST /v1/tasks` and records everything the client sees, with `/metrics` before and after
 * and the faulty replica's breaker after. Bounded by {@link TASK_TIMEOUT_MS}.
 */
export async function sendTask(
  orchestratorUrl: string,
  body: Record<string, unknown>,
  options: SendTaskOptions = {},
): Promise<TaskObservation> {
  const taskId = `fault-${randomUUID()}`;
  const metricsBefore = await readMetrics(orchestratorUrl);
  const startedAt = performance.now();
  const timeout = AbortSignal.timeout(TASK_TIMEOUT_MS);
  const events: StreamEvent[] = [];
  let envelope: ErrorEnvelope | undefined;
  let response: Response;
  try {
    response = await fetch(`${orchestratorUrl}/v1/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, task_id: taskId }),
      signal: timeout,
    });
    const contentType = response.headers.get('content-type') ?? '';
    if (contentType.startsWith('text/event-stream') && response.body !== null) {
      for await (const event of readTaskStream(response.body)) {
        events.push(event);
        if ((await options.onEvent?.(event)) === 'abandon') break;
      }
    } else {
      envelope = ((await response.json()) as { error: ErrorEnvelope }).error;
    }
  } catch (error) {
    if (timeout.aborted) {
      throw new Error(`task ${taskId} hung: no answer or terminal event within ${TASK_TIMEOUT_MS} ms`, {
        cause: error,
      });
    }
    throw error;
  }
  const durationMs = performance.now() - startedAt;
  const metricsAfter = await readMetrics(orchestratorUrl);
  const faulty = (await readReplicas(orchestratorUrl)).find((replica) => replica.id === 'faulty');
  return {
    taskId,
    status: response.status,
    envelope,
    events,
    text: events.map((event) => (event.type === 'token' ? event.t : '')).join(''),
    metricsBefore,
    metricsAfter,
    faultyBreaker: faulty?.breaker,
    durationMs,
  };
}
