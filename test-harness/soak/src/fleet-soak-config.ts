import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SOAK_SERVER_SETTINGS } from './soak-server-settings.js';

/** The Redis key prefix of the soak's fleet, and so of its slot leases (`<prefix>:pool:<pool>:leases:<replica>`). */
export const FLEET_KEY_PREFIX = 'soak';
/** The one pool and replica every instance shares. */
export const FLEET_POOL = 'fleet';
export const FLEET_REPLICA = 'r0';

const FAKE_ENGINE_CLI = fileURLToPath(new URL('../../../packages/fake-engines/src/cli.ts', import.meta.url));

/** Where the replica's engine is: a running one at `url`, or one the fleet launches on `port` (`marker` in its args). */
export type FleetEngine = { url: string } | { port: number; marker: string };

/**
 * Writes the config of one soak fleet member: one pool, one replica with `maxConcurrency` slots, served by the
 * engine at a URL or by a managed fake vLLM engine process (`launch`, one launch lease for the fleet).
 */
export function writeFleetMemberConfig(options: {
  redisUrl: string;
  instanceId: string;
  engine: FleetEngine;
  maxConcurrency: number;
  leaseMs: number;
}): string {
  const config = {
    server: SOAK_SERVER_SETTINGS,
    cluster: {
      redis_url: options.redisUrl,
      instance_id: options.instanceId,
      key_prefix: FLEET_KEY_PREFIX,
      lease_ms: options.leaseMs,
      command_timeout_ms: 500,
      poll_ms: 100,
    },
    pools: [
      {
        id: FLEET_POOL,
        model: FLEET_POOL,
        engine: 'vllm',
        timeouts: { ttft_ms: 5_000, idle_ms: 2_000 },
        retry: { max_attempts: 1 },
        queue: { max_waiting: 256, timeout_ms: 10_000 },
        replicas: [
          {
            id: FLEET_REPLICA,
            ...('url' in options.engine ? { url: options.engine.url } : { launch: launchOf(options.engine) }),
            max_concurrency: options.maxConcurrency,
            options: { served_model: FLEET_POOL },
          },
        ],
      },
    ],
  };
  const path = join(mkdtempSync(join(tmpdir(), `orch-fleet-soak-${options.instanceId}-`)), 'orch.json');
  writeFileSync(path, JSON.stringify(config));
  return path;
}

/** A managed fake vLLM engine on a fixed port; `marker` in its arguments lets the soak count its processes. */
function launchOf(engine: { port: number; marker: string }) {
  return {
    command: process.execPath,
    args: ['--import', 'tsx', '--conditions=@orch/source', FAKE_ENGINE_CLI, 'vllm', '--host', '{host}']
      .concat(['--port', '{port}', '--model', FLEET_POOL, '--tokens-per-second', '400', '--eos-after', '0'])
      .concat(['--engine-version', engine.marker]),
    port: engine.port,
    health: { interval_ms: 100 },
    start_timeout_ms: 60_000,
    stop_timeout_ms: 2_000,
    restart: { base_ms: 200, max_ms: 2_000 },
  };
}
