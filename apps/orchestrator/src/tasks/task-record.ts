import type { StreamEvent, TaskError } from '@orch/adapter-api';
import type { TaskClient } from './task-client.js';

/**
 * What a task tells its record (the status page's view of it) at each step of its life. The task calls it at its
 * transitions only: nothing per token but what the client wrapper from {@link watch} does.
 */
export interface TaskRecord {
  /** The task waits in its pool's queue, `position` tasks ahead of it. */
  queued(position: number): void;
  /** The task's phase changed to queued, opening, streaming or failing_over (done is {@link ended}). */
  phaseChanged(): void;
  /** Attempt `attempt` began on `replicaId`. */
  attemptStarted(replicaId: string, attempt: number): void;
  /** An attempt failed before the client saw any of it; another replica is tried after a backoff. */
  attemptRetried(replicaId: string, attempt: number, error: TaskError): void;
  /** A strict task's replica failed mid-stream; another one regenerates the `resumedAtToken` delivered tokens. */
  failingOver(replicaId: string, error: TaskError, resumedAtToken: number): void;
  /** The first token reached the client. */
  firstToken(): void;
  /** The client as the task writes to it, seen by the record on the way (what the client received). */
  watch(client: TaskClient): TaskClient;
  /** The task ended: its terminal event (undefined: the client went away before it). */
  ended(terminal: StreamEvent | undefined): void;
}
