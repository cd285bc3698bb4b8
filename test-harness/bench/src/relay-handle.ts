import type { RelayProtocol } from './relay-protocol.js';

/** The paths the bench compares: the engine itself and the three relays in front of it. */
export const RELAY_NAMES = ['direct', 'nginx', 'node-proxy', 'orchestrator'] as const;

/** One of {@link RELAY_NAMES}. */
export type RelayName = (typeof RELAY_NAMES)[number];

/** A running path to the fake engine, with the processes whose cost is the relay's. */
export interface RelayHandle {
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
