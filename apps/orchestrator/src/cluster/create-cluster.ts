import { hostname } from 'node:os';
import { ConfigError } from '../config/config-error.js';
import type { ClusterConfig, OrchestratorConfig } from '../config/config-schema.js';
import type { LaunchGate } from '../engines/launch-gate.js';
import type { Logger } from '../logging/logger.js';
import type { Metrics } from '../metrics/create-metrics.js';
import type { Pool } from '../pools/pool.js';
import type { ClientLimits } from '../scheduling/client-limits.js';
import type { SlotAdmission } from '../scheduling/slot-admission.js';
import type { RunningTaskObserver } from '../tasks/running-task-registry.js';
import { createClusterKeys } from './cluster-keys.js';
import { createClusterRedis } from './cluster-redis.js';
import { createFleetCancel } from './fleet-cancel.js';
import { type InstanceInfo, startInstanceHeartbeat } from './instance-heartbeat.js';
import { createLaunchLease } from './launch-lease.js';
import { LeasedEngineSupervisor } from './leased-engine-supervisor.js';
import { redactRedisUrl } from './redact-redis-url.js';
import { RedisAdmissionQueue } from './redis-admission-queue.js';
import { createRedisClientLimits } from './redis-client-limits.js';
import { shareBreakers } from './share-breakers.js';

/** What `/v1/replicas` shows of the fleet. */
export interface FleetView {
  instance_id: string;
  /** Absent when the workers of one host share their state through their primary process (`server.workers`). */
  redis?: string;
  redis_up?: boolean;
  /** `primary`: the workers of one host, without Redis. */
  shared_through?: 'primary';
  instances: readonly InstanceInfo[];
}

/** This instance's membership of a fleet: everything shared through Redis (specs/cluster.md). */
export interface Cluster {
  readonly instanceId: string;
  /** Admission of `pool` through Redis (for {@link Pool}'s constructor). */
  createAdmission(pool: Pool, onQueueDepth: (waiting: number) => void): SlotAdmission;
  /** Shares the pools' breakers (once the pools exist). */
  shareBreakers(pools: readonly Pool[]): void;
  /** Records the owner of every task running here (for the task registry). */
  readonly taskObserver: RunningTaskObserver;
  /** Cancels a task running on another instance (see {@link FleetCancel}). */
  cancelElsewhere(taskId: string, owner: string): Promise<boolean>;
  /** Binds the cancels that reach this instance to its registry. */
  bindCancel(cancelLocal: (taskId: string, owner: string) => boolean): void;
  readonly clientLimits: ClientLimits;
  /**
   * Puts each managed replica behind its launch lease (for the engine manager). Absent for the workers of one
   * host, which refuse `launch` in the config check (ORCH-CLU-084).
   */
  readonly launchGate?: LaunchGate;
  /** Waits until Redis answered once, or one connect timeout passed (an instance may start with Redis down). */
  ready(): Promise<void>;
  setUrl(url: string): void;
  describe(): FleetView;
  stop(): Promise<void>;
}

/** The URL of the fleet's Redis: inline, or from the environment variable the config names. */
function resolveRedisUrl(cluster: ClusterConfig, env: NodeJS.ProcessEnv): string {
  if (cluster.redis_url !== undefined) return cluster.redis_url;
  const name = cluster.redis_url_env as string;
  const url = env[name];
  if (url === undefined || url.length === 0) {
    throw new ConfigError(`cluster.redis_url_env: environment variable ${name} is not set`);
  }
  if (!/^rediss?:\/\//.test(url)) {
    throw new ConfigError(`cluster.redis_url_env: ${name} does not hold a redis:// or rediss:// URL`);
  }
  return url;
}

/** The Redis URL of a config with `cluster` (for the logger's secrets), or undefined. */
export function clusterRedisUrl(config: OrchestratorConfig, env: NodeJS.ProcessEnv): string | undefined {
  return config.cluster === undefined ? undefined : resolveRedisUrl(config.cluster, env);
}

/** Joins the fleet of `config.cluster`: connects to Redis and starts the heartbeat. */
export function createCluster(
  config: OrchestratorConfig,
  options: { logger: Logger; redisUp: Metrics['clusterRedisUp']; env: NodeJS.ProcessEnv },
): Cluster {
  const cluster = config.cluster as ClusterConfig;
  const url = resolveRedisUrl(cluster, options.env);
  const instanceId = cluster.instance_id ?? `${hostname()}-${process.pid}`;
  const logger = options.logger.child({ instance_id: instanceId });
  const redisUp = options.redisUp;
  redisUp.set({ instance_id: instanceId }, 0);
  let becameUp: () => void = () => {};
  const firstUp = new Promise<void>((resolve) => {
    becameUp = resolve;
  });
  const redis = createClusterRedis({
    url,
    commandTimeoutMs: cluster.command_timeout_ms,
    logger,
    onStateChange: (up) => {
      redisUp.set({ instance_id: instanceId }, up ? 1 : 0);
      if (up) becameUp();
    },
  });
  const keys = createClusterKeys(cluster.key_prefix);
  const heartbeat = startInstanceHeartbeat({
    redis,
    keys,
    leaseMs: cluster.lease_ms,
    self: {
      instance_id: instanceId,
      host: hostname(),
      pid: process.pid,
      started_at: new Date().toISOString(),
    },
  });
  const liveInstances = () => Math.max(1, heartbeat.instances.length);
  let cancelLocal: (taskId: string, owner: string) => boolean = () => false;
  const cancel = createFleetCancel({
    redis,
    keys,
    instanceId,
    leaseMs: cluster.lease_ms,
    pollMs: cluster.poll_ms,
    logger,
    cancelLocal: (taskId, owner) => cancelLocal(taskId, owner),
  });
  const admissions: RedisAdmissionQueue[] = [];
  const clientLimits = createRedisClientLimits({
    redis,
    keys,
    instanceId,
    leaseMs: cluster.lease_ms,
    maxStreams: config.server.max_streams_per_client,
    rateLimits: config.server.rate_limits,
    liveInstances,
  });
  logger.info('joining the fleet', { redis: redactRedisUrl(url), lease_ms: cluster.lease_ms });

  return {
    instanceId,
    createAdmission(pool, onQueueDepth) {
      const admission = new RedisAdmissionQueue(
        pool,
        {
          redis,
          keys,
          instanceId,
          leaseMs: cluster.lease_ms,
          pollMs: cluster.poll_ms,
          logger,
          liveInstances,
        },
        onQueueDepth,
      );
      admissions.push(admission);
      return admission;
    },
    shareBreakers: (pools) => shareBreakers(pools, { redis, keys, instanceId, logger }),
    taskObserver: cancel,
    cancelElsewhere: (taskId, owner) => cancel.cancelElsewhere(taskId, owner),
    bindCancel(local) {
      cancelLocal = local;
    },
    clientLimits,
    launchGate: (replica, supervisor, engineLogger) =>
      new LeasedEngineSupervisor(supervisor, {
        replica,
        lease: createLaunchLease({
          redis,
          key: keys.launchLease(replica.poolId, replica.replicaId),
          slotLeasesKey: keys.leases(replica.poolId, replica.replicaId),
          leaseMs: cluster.lease_ms,
        }),
        instanceId,
        leaseMs: cluster.lease_ms,
        pollMs: cluster.poll_ms,
        logger: engineLogger,
      }),
    async ready() {
      const timeout = new Promise<void>((resolve) =>
        setTimeout(resolve, Math.max(1_000, cluster.command_timeout_ms) + 200).unref(),
      );
      await Promise.race([firstUp, timeout]);
    },
    setUrl: (listening) => heartbeat.setUrl(listening),
    describe: () => ({
      instance_id: instanceId,
      redis: redactRedisUrl(url),
      redis_up: redis.up,
      instances: heartbeat.instances,
    }),
    async stop() {
      for (const admission of admissions) admission.stop();
      cancel.stop();
      await heartbeat.stop();
      await redis.close();
    },
  };
}
