import type { EngineSupervisor } from '@orch/engine-supervisor';
import type { Logger } from '../logging/logger.js';
import type { ResolvedLaunch } from './resolve-launch.js';

/** A supervisor that launches its engine only while this instance holds the replica's launch lease. */
export interface GatedEngineSupervisor extends EngineSupervisor {
  /** The instance whose engine serves the replica now (this one or another); undefined when none does. */
  readonly holder: string | undefined;
  /** Tasks streaming on the replica across the fleet: a lazy engine's idle stop or swap waits for them too. */
  countFleetTasks(): Promise<number>;
}

/** The replica a {@link LaunchGate} guards. */
export interface GatedReplica {
  poolId: string;
  replicaId: string;
  mode: ResolvedLaunch['mode'];
}

/**
 * Puts a managed replica's supervisor behind the fleet's launch lease (`cluster`, ORCH-CLU-070), so that exactly
 * one instance launches its engine and the others send their tasks to it.
 */
export type LaunchGate = (
  replica: GatedReplica,
  supervisor: EngineSupervisor,
  logger: Logger,
) => GatedEngineSupervisor;
