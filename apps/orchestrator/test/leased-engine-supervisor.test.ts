import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createEngineProcess, createEngineSupervisor } from '@orch/engine-supervisor';
import { afterEach, describe, expect, it } from 'vitest';
import { type ClusterRedis, createClusterRedis } from '../src/cluster/cluster-redis.js';
import { createLaunchLease } from '../src/cluster/launch-lease.js';
import { LeasedEngineSupervisor } from '../src/cluster/leased-engine-supervisor.js';
import { createLogger } from '../src/logging/logger.js';
import { findProcessGroups, waitFor } from './process-groups.js';
import { useRedisServer } from './redis-server-fixture.js';

const FAKE_ENGINE_CLI = fileURLToPath(new URL('../../../packages/fake-engines/src/cli.ts', import.meta.url));
const redisServer = useRedisServer();
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await redisServer().client.flushall();
});

/** A leased supervisor of a real fake-engine process, as one fleet instance (`instanceId`) builds it. */
async function createLeasedEngine(instanceId: string, marker: string) {
  const logger = createLogger({ level: 'error', write: () => {} });
  const redis: ClusterRedis = createClusterRedis({ url: redisServer().url, commandTimeoutMs: 300, logger });
  await waitFor(() => redis.up, 5_000, 'Redis to answer');
  const local = createEngineSupervisor(
    createEngineProcess({
      command: process.execPath,
      args: ['--import', 'tsx', '--conditions=@orch/source', FAKE_ENGINE_CLI, 'vllm', '--port', '{port}']
        .concat(['--host', '{host}', '--model', 'm'])
        .concat(['--engine-version', marker]),
      health: { path: '/health', ready: (status) => status === 200, intervalMs: 50 },
      startTimeoutMs: 30_000,
    }),
  );
  const supervisor = new LeasedEngineSupervisor(local, {
    replica: { poolId: 'p', replicaId: 'r0', mode: 'persistent' },
    lease: createLaunchLease({
      redis,
      key: 'test:launch:p:r0',
      slotLeasesKey: 'test:pool:p:leases:r0',
      leaseMs: 1_000,
    }),
    instanceId,
    leaseMs: 1_000,
    pollMs: 50,
    logger,
  });
  cleanups.push(async () => {
    await supervisor.stop();
    await redis.close();
  });
  return supervisor;
}

describe('LeasedEngineSupervisor (ORCH-CLU-070)', () => {
  it('a stop that comes while the lease is being taken gives the lease back and launches nothing', async () => {
    const marker = `leased-${randomUUID().slice(0, 8)}`;
    const supervisor = await createLeasedEngine('gw-a', marker);
    const starting = supervisor.start();
    const stopping = supervisor.stop();
    await expect(starting).rejects.toThrow('stopped while it was being started');
    await stopping;
    expect(await redisServer().client.exists('test:launch:p:r0')).toBe(0);
    expect(supervisor.holder).toBeUndefined();
    expect(findProcessGroups(marker)).toHaveLength(0);
  }, 30_000);

  it('the second of two supervisors follows the first: same URL and pid, one engine process', async () => {
    const marker = `leased-${randomUUID().slice(0, 8)}`;
    const first = await createLeasedEngine('gw-a', marker);
    const second = await createLeasedEngine('gw-b', marker);
    await first.start();
    await second.start();
    expect(first.holder).toBe('gw-a');
    expect(second.holder).toBe('gw-a');
    expect(second.status).toBe('ready');
    expect(second.url).toBe(first.url);
    expect(second.pid).toBe(first.pid);
    expect(second.reused).toBe(true);
    expect(findProcessGroups(marker)).toHaveLength(1);
  }, 60_000);
});
