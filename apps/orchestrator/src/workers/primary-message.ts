import type { InstanceInfo } from '../cluster/instance-heartbeat.js';

/** A refusal as it crosses the IPC channel (rebuilt into a TaskError by the worker). */
export interface RelayedError {
  code: string;
  message: string;
  retryAfterMs?: number;
}

/** What the primary tells a worker unasked. */
export type PrimaryPush =
  | { kind: 'granted'; pool: string; member: string; replicaId: string }
  | { kind: 'cancel'; taskId: string; owner: string }
  | { kind: 'breaker'; pool: string; replica: string; state: 'open' | 'closed'; from: string }
  | { kind: 'instances'; instances: InstanceInfo[] }
  | { kind: 'collect-metrics'; collection: number }
  | { kind: 'signal'; signal: string };

/** A message from the primary to a worker process: the answer to a request, or a push. */
export type PrimaryMessage =
  | {
      orch: 'workers';
      reply: { id: number; ok: true; value: unknown } | { id: number; ok: false; error: RelayedError };
    }
  | { orch: 'workers'; push: PrimaryPush };
