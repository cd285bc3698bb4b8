import type { ErrorCode } from '@orch/adapter-api';

/** What the client receives: a JSON error body, or a stream ending with `end` or `error`. */
export type ClientSees = 'error envelope' | 'started, tokens, end' | 'started, tokens, error';

/** The pool of a row: the faulty replica alone, or beside a healthy replica of the same engine. */
export type ReplicaLayout = 'faulty' | 'faulty + healthy';

/** State of a replica's circuit breaker, as `GET /v1/replicas` shows it. */
export type BreakerState = 'closed' | 'half_open' | 'open';

/** The `Tokens delivered` cell: an exact count, a lower bound, the whole answer, or no stream at all. */
export type TokensDelivered =
  | { kind: 'exactly'; count: number }
  | { kind: 'at least'; count: number }
  | { kind: 'all' }
  | { kind: 'none' };

/** A counter with the labels that must match (a subset of the sample's labels). */
export interface CounterSelector {
  /** Metric family name, e.g. `orch_tasks_failed_total`. */
  name: string;
  /** Labels a sample must carry to count. */
  labels: Record<string, string>;
}

/** One row of the fault table in `specs/faults.md`. */
export interface FaultRow {
  /** Requirement ID of the row, e.g. `ORCH-FLT-006`; the tag of its scenario. */
  id: string;
  /** The fault in words. */
  fault: string;
  /** The faulty replica's engine, e.g. `llamacpp (fake)` or `llama-server`. */
  engine: string;
  /** Fault knobs as JSON text, or what is done to a real engine process. */
  injection: string;
  /** The replicas of the pool. */
  replicas: ReplicaLayout;
  /** HTTP status of the `POST /v1/tasks` answer. */
  httpStatus: number;
  /** Shape of what the client receives. */
  clientSees: ClientSees;
  /** Error code of the envelope or the error event; undefined when the stream ends with `end`. */
  code: ErrorCode | undefined;
  /** Tokens the client receives. */
  tokensDelivered: TokensDelivered;
  /** `started.attempt`; undefined when there is no stream. */
  attempt: number | undefined;
  /** How much `orch_task_retries_total` moves for the task. */
  retries: number;
  /** The counter that moves by one for the task. */
  countedAs: CounterSelector;
  /** The faulty replica's breaker after the task. */
  faultyBreaker: BreakerState;
  /** Line of the row in the spec file, for messages. */
  line: number;
}
