import { clusterRedisUrl, createCluster } from './cluster/create-cluster.js';
import { secretsOfRedisUrl } from './cluster/redact-redis-url.js';
import type { OrchestratorConfig } from './config/config-schema.js';
import type { AppDeps } from './deps/app-deps.js';
import { createEngineManager } from './engines/engine-manager.js';
import { UiEvents } from './events/ui-events.js';
import { resolveApiKeyGrants } from './http/resolve-api-keys.js';
import { createLogger } from './logging/logger.js';
import { createMetrics } from './metrics/create-metrics.js';
import { zeroProcessSeries } from './metrics/zero-known-series.js';
import { createPools } from './pools/create-pools.js';
import { createLocalClientLimits } from './scheduling/create-local-client-limits.js';
import { RunningTaskRegistry } from './tasks/running-task-registry.js';
import { createWorkerCluster } from './workers/create-worker-cluster.js';
import { shareWorkerMetrics } from './workers/share-worker-metrics.js';
import type { WorkerLink } from './workers/worker-link.js';

/** Builds the app's dependencies from a validated configuration (adapters included). */
export function createAppDeps(
  config: OrchestratorConfig,
  options: {
    writeLog?: (line: string) => void;
    env?: NodeJS.ProcessEnv;
    /** Set in a worker process of `server.workers`: the channel to its primary. */
    worker?: WorkerLink;
  } = {},
): AppDeps {
  const env = options.env ?? process.env;
  const apiKeyGrants = resolveApiKeyGrants(config, env);
  const apiKeys = apiKeyGrants.map((grant) => grant.key);
  const redisUrl = clusterRedisUrl(config, env);
  const secrets = redisUrl === undefined ? apiKeys : [...apiKeys, ...secretsOfRedisUrl(redisUrl)];
  const logger = createLogger(
    { level: config.server.log_level, write: options.writeLog, secrets },
    options.worker === undefined ? {} : { worker: options.worker.identity.index },
  );
  const metrics = createMetrics();
  zeroProcessSeries(metrics);
  // Without `cluster` no Redis code runs: the in-process queue, registry and limits are today's.
  // A worker without `cluster` shares its state through its primary instead (ORCH-CLU-081).
  const cluster =
    config.cluster !== undefined
      ? createCluster(config, { logger, redisUp: metrics.clusterRedisUp, env })
      : options.worker && createWorkerCluster(config, options.worker, logger);
  const engines = createEngineManager(config, { logger, metrics, launchGate: cluster?.launchGate });
  const registry = new RunningTaskRegistry(cluster?.taskObserver);
  cluster?.bindCancel((taskId, owner) => registry.cancel(taskId, owner));
  const pools = createPools(config, logger, metrics, options.env, engines, cluster?.createAdmission);
  cluster?.shareBreakers(pools);
  const ui = config.ui.enabled
    ? new UiEvents({ settings: config.ui, pools, engines: engines.engines, cluster, secrets })
    : undefined;
  return {
    config,
    apiKeys,
    apiKeyGrants,
    engines,
    pools,
    metrics,
    logger,
    registry,
    lifecycle: { shuttingDown: false },
    cluster,
    ui,
    scrapeMetrics: options.worker && shareWorkerMetrics(options.worker, metrics.registry),
    clientLimits:
      cluster?.clientLimits ??
      createLocalClientLimits(config.server.max_streams_per_client, config.server.rate_limits),
  };
}
