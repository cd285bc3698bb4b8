import type { OrchestratorConfig } from '../config/config-schema.js';
import type { ConnectionCaps } from './guard-connections.js';

/**
 * The connection caps to enforce (ORCH-SEC-016): the configured ones, with the total lowered to half the
 * process's file-descriptor limit when that is smaller, since every client stream also holds an engine socket.
 * The process then refuses connections with a clear 503 before the kernel refuses them with EMFILE, which
 * would also starve engine sockets, log files and `/healthz`. `lowered` says whether the limit decided.
 */
export function resolveConnectionCaps(
  server: OrchestratorConfig['server'],
  openFileLimit: number | undefined,
): ConnectionCaps & { lowered: boolean } {
  const configured = server.max_connections;
  const fdBound = openFileLimit === undefined ? undefined : Math.max(16, Math.floor(openFileLimit / 2));
  const lowered = fdBound !== undefined && (configured === 0 || fdBound < configured);
  return {
    maxConnections: lowered ? (fdBound as number) : configured,
    maxConnectionsPerClient: server.max_connections_per_client,
    lowered,
  };
}
