import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clusterSection } from './cluster-fixtures.js';

const FAKE_ENGINE_CLI = fileURLToPath(new URL('../../../packages/fake-engines/src/cli.ts', import.meta.url));

/** What a fleet member's `/v1/replicas?internal=1` says of the managed replica `p/r0`. */
export interface ManagedReplicaView {
  health: string;
  engine_process: { status: string; pid?: number; holder?: string; url?: string; reused: boolean };
}

/**
 * Writes the config of one fleet member whose pool `p` has one managed replica `r0`: a fake vLLM engine process
 * on a fixed port, its model named `marker` so that the test can count the engine processes by command line.
 */
export function writeManagedClusterConfig(options: {
  redisUrl: string;
  instanceId: string;
  port: number;
  marker: string;
  mode?: 'persistent' | 'lazy';
  /** Lazy only: `launch.idle_ms`. */
  idleMs?: number;
  leaseMs?: number;
  /** More `server` keys, e.g. `, workers: 2`. */
  extraServer?: string;
}): string {
  const dir = mkdtempSync(join(tmpdir(), `orch-managed-cluster-${options.instanceId}-`));
  const path = join(dir, 'orch.yaml');
  const args = ['--import', 'tsx', '--conditions=@orch/source', FAKE_ENGINE_CLI, 'vllm']
    .concat(['--host', '{host}', '--port', '{port}', '--model', options.marker])
    .concat(['--tokens-per-second', '200', '--eos-after', '0']);
  const launch = {
    command: process.execPath,
    args,
    port: options.port,
    mode: options.mode ?? 'persistent',
    // A second engine would fail to bind the port instead of quietly reusing the first one.
    reuse_existing: false,
    health: { interval_ms: 50 },
    start_timeout_ms: 30_000,
    stop_timeout_ms: 2_000,
    restart: { base_ms: 200, max_ms: 1_000 },
    ...(options.idleMs === undefined ? {} : { idle_ms: options.idleMs }),
  };
  writeFileSync(
    path,
    [
      `server: { health_interval_ms: 200, shutdown_grace_ms: 200${options.extraServer ?? ''} }`,
      ...clusterSection(options.redisUrl, options.instanceId, options.leaseMs ?? 1500),
      'pools:',
      '  - id: p',
      '    model: p',
      '    engine: vllm',
      '    queue: { timeout_ms: 20000 }',
      '    retry: { max_attempts: 1 }',
      `    replicas: [{ id: r0, max_concurrency: 4, options: { served_model: ${options.marker} }, launch: ${JSON.stringify(launch)} }]`,
    ].join('\n'),
  );
  return path;
}

/** The managed replica as one member sees it. */
export async function readManagedReplica(url: string): Promise<ManagedReplicaView> {
  const view = (await (await fetch(`${url}/v1/replicas?internal=1`)).json()) as {
    pools: { replicas: ManagedReplicaView[] }[];
  };
  const replica = view.pools[0]?.replicas[0];
  if (replica === undefined) throw new Error('no replica in /v1/replicas');
  return replica;
}
