import type { OrchestratorConfig } from './config/config-schema.js';
import type { AppDeps } from './deps/app-deps.js';
import { createEngineManager } from './engines/engine-manager.js';
import { resolveApiKeyGrants } from './http/resolve-api-keys.js';
import { createLogger } from './logging/logger.js';
import { createMetrics } from './metrics/create-metrics.js';
import { zeroProcessSeries } from './metrics/zero-known-series.js';
import { createPools } from './pools/create-pools.js';
import { RunningTaskRegistry } from './tasks/running-task-registry.js';

/** Builds the app's dependencies from a validated configuration (adapters included). */
export function createAppDeps(
  config: OrchestratorConfig,
  options: { writeLog?: (line: string) => void; env?: NodeJS.ProcessEnv } = {},
): AppDeps {
  const apiKeyGrants = resolveApiKeyGrants(config, options.env ?? process.env);
  const apiKeys = apiKeyGrants.map((grant) => grant.key);
  const logger = createLogger({ level: config.server.log_level, write: options.writeLog, secrets: apiKeys });
  const metrics = createMetrics();
  zeroProcessSeries(metrics);
  const engines = createEngineManager(config, { logger, metrics });
  return {
    config,
    apiKeys,
    apiKeyGrants,
    engines,
    pools: createPools(config, logger, metrics, options.env, engines),
    metrics,
    logger,
    registry: new RunningTaskRegistry(),
    lifecycle: { shuttingDown: false },
  };
}
