import type { ReplicaLayout } from '../fault-table/fault-row.js';

/** Replica ids of a fault pool: the scenario's faulty replica, and the healthy one beside it if any. */
export type ReplicaRole = 'faulty' | 'healthy';

/** The pool's model name (fake engines serve it under this name too). */
export const FAULT_MODEL = 'fault-model';

/** Settings a scenario may change from the defaults below. */
export interface FaultPoolSettings {
  /** Orchestrator engine kind of every replica (`llamacpp`, `tgi`, …). */
  engine: string;
  /** Base URL of each replica, by role. */
  urls: Partial<Record<ReplicaRole, string>>;
  layout: ReplicaLayout;
  timeouts: { ttft_ms: number; idle_ms: number };
  breaker: Record<string, number>;
  healthIntervalMs: number;
}

/**
 * Short timeouts, so that a timeout fault costs a second or two, yet wide enough that a healthy fake on a loaded
 * 2-core machine never trips them; health is probed once at startup unless a scenario asks for more.
 */
export function defaultPoolSettings(engine: string, layout: ReplicaLayout): FaultPoolSettings {
  return {
    engine,
    urls: {},
    layout,
    timeouts: { ttft_ms: 1_500, idle_ms: 1_000 },
    breaker: {},
    healthIntervalMs: 60_000,
  };
}

/** The orchestrator configuration of a fault scenario: one pool, replicas `faulty` (and `healthy`). */
export function createFaultOrchestratorConfig(settings: FaultPoolSettings): unknown {
  const roles: ReplicaRole[] = settings.layout === 'faulty' ? ['faulty'] : ['faulty', 'healthy'];
  return {
    server: {
      host: '127.0.0.1',
      port: 0,
      health_interval_ms: settings.healthIntervalMs,
      keepalive_ms: 1_000,
      log_level: 'info',
    },
    pools: [
      {
        id: 'faults',
        model: FAULT_MODEL,
        engine: settings.engine,
        timeouts: settings.timeouts,
        retry: { max_attempts: 3, base_ms: 5, max_ms: 20 },
        breaker: { reset_timeout_ms: 60_000, ...settings.breaker },
        queue: { max_waiting: 16, timeout_ms: 5_000 },
        replicas: roles.map((role) => {
          const url = settings.urls[role];
          if (url === undefined) throw new Error(`no engine was started for the ${role} replica`);
          return { id: role, url };
        }),
      },
    ],
  };
}
