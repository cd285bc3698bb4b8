import type { Logger } from '../logging/logger.js';
import type { ManagedEngine } from './managed-engine.js';

/**
 * What {@link holdPoolEngine} needs of a replica (a pool's `Replica` is one). Declared here so that engine
 * management does not depend on the pools built on top of it.
 */
export interface EngineHoldingReplica {
  readonly id: string;
  /** The engine process behind the replica, when the orchestrator launches it. */
  readonly managedEngine: ManagedEngine | undefined;
  /** Ready, and its breaker lets attempts through. */
  readonly acceptsTasks: boolean;
  /** Its last health probe said ready. */
  readonly isReady: boolean;
  /** Probes health and properties again. */
  refresh(): Promise<void>;
}

/** What {@link holdPoolEngine} needs of a task session. */
export interface EngineHoldingSession {
  /** The task's pool. */
  readonly pool: { readonly replicas: readonly EngineHoldingReplica[] };
  /** Aborted on cancel, disconnect, deadline or shutdown: stops waiting for a load. */
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** Runs a hook when the task ends: the hold is released there. */
  onClose(hook: () => void): void;
}

/** A task's claim on an engine of its pool. */
export interface PoolEngineHold {
  /** True when the task waits for an engine to load (or for its swap group); the stream says so meanwhile. */
  loading: boolean;
  /** What the task waits for, for an SSE comment. */
  comment: string;
  /**
   * Resolves once an engine of the pool is ready for the task; rejects with a `TaskError`
   * (`engine_unavailable` naming the failed start, or the session's abort reason).
   */
  ready: Promise<void>;
}

/**
 * Makes sure a managed engine of the task's pool runs for it: a lazy engine is loaded through its swap
 * group (Continue, Load or Drop-and-Load) and held until the task ends, so it is neither swapped out nor
 * idled meanwhile; a persistent engine that is starting or restarting is waited for. Returns undefined when
 * there is nothing to wait for (no managed engine needs it, or an unmanaged or persistent replica is ready).
 */
export function holdPoolEngine(session: EngineHoldingSession): PoolEngineHold | undefined {
  const replicas = session.pool.replicas;
  const managed = replicas.filter((replica) => replica.managedEngine !== undefined);
  if (managed.length === 0) return undefined;
  const lazy = managed.filter((replica) => replica.managedEngine?.mode === 'lazy');
  const alwaysOn = replicas.filter((replica) => replica.managedEngine?.mode !== 'lazy');
  if (alwaysOn.some((replica) => replica.acceptsTasks)) return undefined;
  const target =
    lazy.find((replica) => replica.managedEngine?.servesNow) ??
    lazy[0] ??
    alwaysOn.find((replica) => replica.managedEngine?.willServeSoon);
  const engine = target?.managedEngine;
  if (target === undefined || engine === undefined) return undefined;
  const loading = !engine.servesNow;
  const ready = acquire(session, target, engine, loading);
  ready.catch(() => {}); // awaited by the caller; this only keeps an early failure from being "unhandled"
  return { loading, comment: engine.describeWait(), ready };
}

async function acquire(
  session: EngineHoldingSession,
  replica: EngineHoldingReplica,
  engine: ManagedEngine,
  loading: boolean,
): Promise<void> {
  const ended = new AbortController();
  let release: (() => void) | undefined;
  session.onClose(() => {
    ended.abort();
    release?.();
  });
  const startedAt = performance.now();
  const signal = AbortSignal.any([session.signal, ended.signal]);
  const granted = await engine.hold({ signal });
  if (ended.signal.aborted) {
    granted();
    throw session.signal.aborted ? session.signal.reason : new Error('the task ended while waiting');
  }
  release = granted;
  if (!replica.isReady) await replica.refresh();
  if (loading) {
    const waitedMs = Math.round(performance.now() - startedAt);
    session.logger.info('engine ready for the task', { replica_id: replica.id, waited_ms: waitedMs });
  }
}
