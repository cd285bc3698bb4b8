import type { StreamEvent } from '@orch/adapter-api';
import type { BreakerState, ReplicaLayout } from '../fault-table/fault-row.js';
import type { MetricSample } from './parse-prometheus-text.js';

/** The JSON error body of a task refused before streaming. */
export interface ErrorEnvelope {
  code: string;
  message: string;
  retriable: boolean;
  task_id?: string;
}

/** How a scenario set up its fault, recorded as it did so, to be compared with the row. */
export interface FaultSetup {
  /** Engine of the faulty replica, in the table's words (`llamacpp (fake)`, `llama-server`). */
  engine: string;
  /** Knobs as JSON text, or what was done to the engine process. */
  injection: string;
  replicas: ReplicaLayout;
}

/** Everything the client (and `/metrics`, `/v1/replicas`) showed for one task. */
export interface TaskObservation {
  taskId: string;
  /** HTTP status of `POST /v1/tasks`. */
  status: number;
  /** The error body, when the answer was not a stream. */
  envelope: ErrorEnvelope | undefined;
  /** The stream's events in order (empty for an envelope). */
  events: StreamEvent[];
  /** Concatenated token text. */
  text: string;
  /** `/metrics` just before the task was sent and just after it ended. */
  metricsBefore: MetricSample[];
  metricsAfter: MetricSample[];
  /** The faulty replica's breaker after the task, from `/v1/replicas`. */
  faultyBreaker: BreakerState | undefined;
  /** Wall time from sending the request to the end of the body, ms. */
  durationMs: number;
}
