import {
  createEngineProcess,
  createEngineSupervisor,
  createSwapGroup,
  type EngineStatus,
  type SwapGroup,
  type SwapGroupMember,
} from '@orch/engine-supervisor';
import type { OrchestratorConfig } from '../config/config-schema.js';
import type { Logger } from '../logging/logger.js';
import type { Metrics } from '../metrics/create-metrics.js';
import type { LaunchGate } from './launch-gate.js';
import { ManagedEngine } from './managed-engine.js';
import { resolveLaunch } from './resolve-launch.js';

const ENGINE_STATES: readonly EngineStatus[] = ['stopped', 'starting', 'ready', 'stopping', 'crashed'];

/** The engine processes of every managed replica (`launch` in the config) and their swap groups. */
export interface EngineManager {
  /** All managed engines, in config order. */
  readonly engines: readonly ManagedEngine[];
  /** The managed engine of a replica, if it has one. */
  get(poolId: string, replicaId: string): ManagedEngine | undefined;
  /** Starts every persistent engine in the background, retrying failed starts (for `serve`). */
  startPersistent(): void;
  /** Stops every engine (swap groups closed, waiters rejected); resolves once all have exited. */
  stopAll(): Promise<void>;
}

/** Options of {@link createEngineManager}. */
export interface EngineManagerOptions {
  logger: Logger;
  metrics?: Metrics;
  /** With `cluster`: one instance of the fleet launches each engine, the others use it (ORCH-CLU-070). */
  launchGate?: LaunchGate;
}

/**
 * Builds a supervised engine for every replica with a `launch` section. Lazy engines join their named
 * swap group, or a group of their own (one engine: lazy start and idle stop). Nothing runs until
 * {@link EngineManager.startPersistent} or a task's hold.
 */
export function createEngineManager(
  config: OrchestratorConfig,
  options: EngineManagerOptions,
): EngineManager {
  const engines: ManagedEngine[] = [];
  const groupMembers = new Map<string, Record<string, SwapGroupMember>>();
  const groupOf = new Map<ManagedEngine, string>();
  for (const pool of config.pools) {
    for (const replica of pool.replicas) {
      if (replica.launch === undefined) continue;
      const logger = options.logger.child({ pool_id: pool.id, replica_id: replica.id });
      const launch = resolveLaunch(replica.launch, {
        poolId: pool.id,
        poolModel: pool.model,
        healthPreset: pool.engine_module.healthPreset,
        replicaId: replica.id,
        url: replica.url,
      });
      const process = createEngineProcess(launch.spec, { logger, name: `${pool.id}/${replica.id}` });
      const local = createEngineSupervisor(process, {
        restartBackoff: { baseMs: launch.restart.base_ms, maxMs: launch.restart.max_ms },
        maxRestarts: launch.restart.max_restarts,
        logger,
      });
      const gated = options.launchGate?.(
        { poolId: pool.id, replicaId: replica.id, mode: launch.mode },
        local,
        logger,
      );
      const engine = new ManagedEngine({
        poolId: pool.id,
        replicaId: replica.id,
        launch,
        supervisor: gated ?? local,
        logger,
        ...(gated === undefined
          ? {}
          : { launchHolder: () => gated.holder, countFleetTasks: () => gated.countFleetTasks() }),
      });
      if (options.metrics !== undefined) recordMetrics(engine, options.metrics);
      engines.push(engine);
      if (launch.mode === 'lazy') {
        const groupName =
          launch.swapGroup === undefined ? `lazy:${engine.memberKey}` : `swap:${launch.swapGroup}`;
        const members = groupMembers.get(groupName) ?? {};
        members[engine.memberKey] = { engine: engine.member, idleMs: launch.idleMs };
        groupMembers.set(groupName, members);
        groupOf.set(engine, groupName);
      }
    }
  }
  const groups = new Map<string, SwapGroup>(
    [...groupMembers].map(([name, members]) => [name, createSwapGroup({ members })]),
  );
  for (const [engine, name] of groupOf) engine.group = groups.get(name);

  const byKey = new Map(engines.map((engine) => [engine.memberKey, engine]));
  return {
    engines,
    get: (poolId, replicaId) => byKey.get(`${poolId}/${replicaId}`),
    startPersistent() {
      for (const engine of engines) if (engine.mode === 'persistent') void engine.keepRunning();
    },
    async stopAll() {
      for (const engine of engines) engine.beginClose();
      await Promise.all([...groups.values()].map((group) => group.close()));
      await Promise.all(engines.map((engine) => engine.close()));
    },
  };
}

function recordMetrics(engine: ManagedEngine, metrics: Metrics): void {
  const labels = { pool_id: engine.poolId, replica_id: engine.replicaId };
  const setState = (current: EngineStatus) => {
    for (const state of ENGINE_STATES)
      metrics.engineState.set({ ...labels, state }, state === current ? 1 : 0);
  };
  setState(engine.status);
  metrics.engineRestarts.inc(labels, 0);
  engine.supervisor.on('status', ({ status }) => setState(status));
  engine.supervisor.on('restart', () => metrics.engineRestarts.inc(labels));
  engine.supervisor.on('ready', ({ durationMs }) =>
    metrics.engineStartDuration.observe(labels, durationMs / 1000),
  );
}
