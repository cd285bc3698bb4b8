import type { RelayProtocol } from './relay-protocol.js';

/** The paths the bench compares: the engine itself and the three relays in front of it. */
export const RELAY_NAMES = ['direct', 'nginx', 'node-proxy', 'orchestrator'] as const;

/** One of {@link RELAY_NAMES}. */
export type RelayName = (typeof RELAY_NAMES)[number];

/**
 * Which path a result row belongs to. A run can hold more than one path of a kind (the orchestrator under a
 * second Node.js with `--compare-node`), so rows carry a label beside the kind.
 */
export interface PathIdentity {
  relay: RelayName;
  /** The name in the tables, unique within a run (e.g. `orchestrator (Node 24.22.3)`); absent means `relay`. */
  label?: string;
  /** The Node.js version the orchestrator process ran under (orchestrator paths only), e.g. `v24.22.3`. */
  node?: string;
  /** True for an orchestrator measured beside the main one (`--compare-node`); targets ignore it. */
  comparison?: boolean;
}

/** A running path to the fake engine, with the processes whose cost is the relay's. */
export interface RelayHandle extends Omit<PathIdentity, 'relay'> {
  name: RelayName;
  /** Where clients connect. */
  baseUrl: URL;
  /** The wire clients speak to it. */
  protocol: RelayProtocol;
  /** The relay's processes, whose CPU and RSS are measured (none for `direct`). */
  pids(): number[];
  /** For Node.js relays: the file the preloaded memory probe writes (see memory-probe.ts). */
  memoryProbeFile?: string;
  /** A description for the report (version, settings). */
  description: string;
  stop(): Promise<void>;
}
