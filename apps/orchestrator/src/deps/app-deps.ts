import type { Cluster } from '../cluster/create-cluster.js';
import type { OrchestratorConfig } from '../config/config-schema.js';
import type { EngineManager } from '../engines/engine-manager.js';
import type { UiEvents } from '../events/ui-events.js';
import type { Logger } from '../logging/logger.js';
import type { Metrics } from '../metrics/create-metrics.js';
import type { Pool } from '../pools/pool.js';
import type { ClientLimits } from '../scheduling/client-limits.js';
import type { ApiKeyGrant } from '../security/api-key-grant.js';
import type { RunningTaskRegistry } from '../tasks/running-task-registry.js';

/** Everything the HTTP app needs, built once by the composition root (or by a test). */
export interface AppDeps {
  config: OrchestratorConfig;
  /** API keys accepted on /v1/* (empty: authentication is off). */
  apiKeys: readonly string[];
  /** The same keys with their names and model scopes (absent: every key is unscoped). */
  apiKeyGrants?: readonly ApiKeyGrant[];
  pools: readonly Pool[];
  metrics: Metrics;
  logger: Logger;
  registry: RunningTaskRegistry;
  /** Set when a shutdown has begun: no new tasks are admitted. */
  lifecycle: { shuttingDown: boolean };
  /** Engine processes of the managed replicas (`launch`); started and stopped by the composition root. */
  engines: EngineManager;
  /** The fleet this instance belongs to (`cluster`); undefined: a single instance, no Redis. */
  cluster?: Cluster;
  /** The `/metrics` text of a worker process: all the host's workers together; default: this registry's. */
  scrapeMetrics?: () => Promise<string>;
  /** Per-client stream and rate limits; default: in process, from `server`. */
  clientLimits?: ClientLimits;
  /** The status page's events, task records and actions (`ui`); undefined: `ui.enabled: false`. */
  ui?: UiEvents;
}
