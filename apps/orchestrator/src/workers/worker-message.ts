import type { TaskPriority } from '@orch/adapter-api';

/** A replica a worker offers for a slot (it accepts tasks, as that worker sees it) and its slots. */
export interface OfferedReplica {
  id: string;
  slots: number;
}

/** What a worker asks the primary and waits for (one answer each, see `WorkerAnswers`). */
export type WorkerRequest =
  | {
      kind: 'admit-slot';
      pool: string;
      member: string;
      priority: TaskPriority;
      maxWaiting: number;
      replicas: OfferedReplica[];
    }
  | { kind: 'admit-client'; client: string; member: string }
  | { kind: 'cancel-elsewhere'; taskId: string; owner: string }
  | { kind: 'claim-task'; taskId: string; owner: string }
  | { kind: 'probe-lock'; pool: string; replica: string; lockMs: number }
  | { kind: 'scrape-metrics' };

/** What a worker tells the primary without waiting. */
export type WorkerNotice =
  | { kind: 'offer'; pool: string; replicas: OfferedReplica[] }
  | { kind: 'leave-slot'; pool: string; member: string }
  | { kind: 'release-slot'; pool: string; member: string }
  | { kind: 'release-client'; member: string }
  | { kind: 'charge'; client: string; tokens: number }
  | { kind: 'task-removed'; taskId: string; owner: string }
  | { kind: 'breaker'; pool: string; replica: string; state: 'open' | 'closed' }
  | { kind: 'listening'; url: string }
  | { kind: 'signals-ready' }
  | { kind: 'metrics'; collection: number; metrics: unknown[] };

/**
 * A message from a worker process to the primary over the `node:cluster` IPC channel (ORCH-CLU-081). `orch`
 * tells these apart from other users of the channel.
 */
export type WorkerMessage =
  | { orch: 'workers'; request: { id: number; body: WorkerRequest } }
  | { orch: 'workers'; notice: WorkerNotice };
