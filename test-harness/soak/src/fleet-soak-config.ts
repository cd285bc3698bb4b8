import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SOAK_SERVER_SETTINGS } from './soak-server-settings.js';

/** The Redis key prefix of the soak's fleet, and so of its slot leases (`<prefix>:pool:<pool>:leases:<replica>`). */
export const FLEET_KEY_PREFIX = 'soak';
/** The one pool and replica every instance shares. */
export const FLEET_POOL = 'fleet';
export const FLEET_REPLICA = 'r0';

/** Writes the config of one soak fleet member: one pool, one replica (`engineUrl`) with `maxConcurrency` slots. */
export function writeFleetMemberConfig(options: {
  redisUrl: string;
  instanceId: string;
  engineUrl: string;
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
            url: options.engineUrl,
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
