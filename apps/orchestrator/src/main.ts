import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { TaskError } from '@orch/adapter-api';
import type { OrchestratorConfig } from './config/config-schema.js';
import { createDefaultConfig } from './config/default-config.js';
import { loadConfig } from './config/load-config.js';
import { createApp } from './create-app.js';
import { createAppDeps } from './create-app-deps.js';
import { ENGINE_MODULES } from './engine-modules.js';
import type { Logger } from './logging/logger.js';
import { startHealthChecks } from './pools/start-health-checks.js';
import { createServerTimeouts } from './security/create-server-timeouts.js';
import { guardConnections } from './security/guard-connections.js';
import { resolveConnectionCaps } from './security/resolve-connection-caps.js';
import { warnAboutOpenBinding } from './security/warn-about-open-binding.js';
import { readOpenFileLimit, watchFileDescriptors } from './security/watch-file-descriptors.js';
import { workerInstanceId } from './workers/worker-instance-id.js';
import type { WorkerLink } from './workers/worker-link.js';

/** Options of {@link startOrchestrator}; command-line flags override the configuration file. */
export interface StartOptions {
  configPath?: string;
  host?: string;
  port?: number;
  /** Log sink; stdout by default. */
  writeLog?: (line: string) => void;
  /** Set in a worker process of `server.workers`: the channel to its primary (see run-worker-primary.ts). */
  worker?: WorkerLink;
}

/** A running orchestrator. */
export interface RunningOrchestrator {
  url: string;
  config: OrchestratorConfig;
  logger: Logger;
  /** Stops admitting, lets streams finish within `graceMs`, ends the rest with `shutting_down`, closes. */
  shutdown(graceMs?: number): Promise<void>;
  /**
   * Cuts a running shutdown's grace short: the streams still running end now with `shutting_down` (each with its
   * terminal event), then the server closes as usual. Does nothing before {@link shutdown} or after the grace.
   */
  endGrace(): void;
  /** True once a shutdown's grace is over (streams ended, the server closing). */
  readonly graceOver: boolean;
}

/** The composition root: reads config, builds dependencies, listens. */
export async function startOrchestrator(options: StartOptions = {}): Promise<RunningOrchestrator> {
  const config = options.configPath
    ? await loadConfig(options.configPath, ENGINE_MODULES)
    : createDefaultConfig(ENGINE_MODULES);
  if (options.host !== undefined) config.server.host = options.host;
  if (options.port !== undefined) config.server.port = options.port;
  const { worker } = options;
  if (worker !== undefined && config.cluster !== undefined)
    config.cluster.instance_id = workerInstanceId(config.cluster.instance_id, worker.identity);
  const deps = createAppDeps(config, { writeLog: options.writeLog, worker });
  const { logger, pools, registry, lifecycle } = deps;
  // Persistent managed engines start now, in the background: their replicas join the pool when ready.
  deps.engines.startPersistent();
  const stopHealthChecks = await startHealthChecks(
    pools,
    config.server.health_interval_ms,
    deps.metrics,
    logger,
  );
  const app = createApp(deps);
  // A fleet member starts once Redis answered (or one connect timeout passed: it may start with Redis down).
  await deps.cluster?.ready();

  const connectionCaps = resolveConnectionCaps(config.server, readOpenFileLimit());
  if (connectionCaps.lowered) {
    logger.warn('max_connections lowered to half the open-file limit', {
      max_connections: connectionCaps.maxConnections,
      configured: config.server.max_connections,
    });
  }
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const listening = serve(
      {
        fetch: app.fetch,
        hostname: config.server.host,
        port: config.server.port,
        serverOptions: createServerTimeouts(config.server),
      },
      () => resolve(listening),
    );
    listening.once('error', reject);
    guardConnections(listening as Server, connectionCaps, deps);
  });
  const stopFileDescriptorWatch = watchFileDescriptors(deps);
  warnAboutOpenBinding(config, deps.apiKeys.length > 0, logger);
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  deps.cluster?.setUrl(url);
  deps.ui?.start();
  worker?.notify({ kind: 'listening', url });
  logger.info('orchestrator listening', {
    url,
    config: options.configPath ?? '(embedded default: mock pool)',
    pools: pools.map((pool) => ({
      id: pool.config.id,
      model: pool.config.model,
      engine: pool.config.engine,
    })),
  });

  let graceCut = false;
  let graceOver = false;
  const shutdown = async (graceMs = config.server.shutdown_grace_ms) => {
    if (lifecycle.shuttingDown) return;
    lifecycle.shuttingDown = true;
    logger.info('shutting down', { running_tasks: registry.size, grace_ms: graceMs });
    const deadline = Date.now() + graceMs;
    while (registry.size > 0 && Date.now() < deadline && !graceCut)
      await new Promise((resolve) => setTimeout(resolve, 50));
    graceOver = true;
    for (const task of registry.all()) {
      task.abort(new TaskError('shutting_down', 'The orchestrator is shutting down.'));
    }
    stopHealthChecks();
    stopFileDescriptorWatch();
    deps.ui?.stop();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      if ('closeIdleConnections' in server) server.closeIdleConnections();
      setTimeout(resolve, 2_000).unref();
    });
    for (const replica of pools.flatMap((pool) => pool.replicas)) replica.breaker.shutdown();
    await Promise.all(pools.flatMap((pool) => pool.replicas).map((replica) => replica.adapter.close?.()));
    await deps.engines.stopAll();
    await deps.cluster?.stop();
    logger.info('stopped');
  };
  return {
    url,
    config,
    logger,
    shutdown,
    endGrace: () => {
      if (!lifecycle.shuttingDown || graceOver) return;
      logger.warn('shutdown grace cut short: ending the running streams now', {
        running_tasks: registry.size,
      });
      graceCut = true;
    },
    get graceOver() {
      return graceOver;
    },
  };
}
