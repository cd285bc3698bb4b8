import cluster, { type Worker } from 'node:cluster';
import { hostname } from 'node:os';
import { clusterRedisUrl } from '../cluster/create-cluster.js';
import { secretsOfRedisUrl } from '../cluster/redact-redis-url.js';
import type { OrchestratorConfig } from '../config/config-schema.js';
import { resolveApiKeys } from '../http/resolve-api-keys.js';
import { createLogger } from '../logging/logger.js';
import { createLocalClientLimits } from '../scheduling/create-local-client-limits.js';
import { restartDelay } from './restart-delay.js';
import { WorkerCoordinator } from './worker-coordinator.js';
import { WORKER_ENVIRONMENT } from './worker-environment.js';
import { workerInstanceId } from './worker-instance-id.js';

/** A worker that lived this long before it exited is restarted after the shortest delay again. */
const STABLE_LIFE_MS = 10_000;

/**
 * The CLI's `serve` with `server.workers` above 1 (ORCH-CLU-080): this process becomes the `node:cluster` primary,
 * forks `count` workers that each run the orchestrator on the shared port, keeps their shared state when no Redis
 * is configured (ORCH-CLU-081), restarts a worker that dies (with a growing delay, logged), relays SIGTERM and
 * SIGINT to every worker (each drains as a single process does: ORCH-CLI-010) and resolves with the exit status
 * once all have exited. A worker that fails before any worker listened ends the start (exit 1).
 */
export function runWorkerPrimary(
  config: OrchestratorConfig,
  count: number,
  env = process.env,
): Promise<number> {
  const redisUrl = clusterRedisUrl(config, env);
  const secrets = [
    ...resolveApiKeys(config, env),
    ...(redisUrl === undefined ? [] : secretsOfRedisUrl(redisUrl)),
  ];
  const logger = createLogger({ level: config.server.log_level, secrets }).child({ role: 'primary' });
  const coordinator = new WorkerCoordinator(
    (id, message) => {
      const worker = cluster.workers?.[id];
      if (worker?.isConnected()) worker.send(message);
    },
    createLocalClientLimits(config.server.max_streams_per_client, config.server.rate_limits),
  );
  const indexOf = new Map<number, { index: number; forkedAt: number }>();
  const failures = new Map<number, number>();
  const restarts = new Set<NodeJS.Timeout>();
  const listening = new Set<number>();
  let everListened = false;
  let stopping = false;
  let status = 0;

  const fork = (index: number): Worker => {
    const worker = cluster.fork({
      [WORKER_ENVIRONMENT.index]: String(index),
      [WORKER_ENVIRONMENT.primaryPid]: String(process.pid),
    });
    indexOf.set(worker.id, { index, forkedAt: Date.now() });
    coordinator.addWorker(worker.id, {
      instance_id: workerInstanceId(config.cluster?.instance_id, { index, primaryPid: process.pid }),
      host: hostname(),
      pid: worker.process.pid ?? 0,
      started_at: new Date().toISOString(),
    });
    worker.on('message', (message: unknown) => coordinator.receive(worker.id, message));
    return worker;
  };

  const stop = (signal: string) => {
    stopping = true;
    for (const timer of restarts) clearTimeout(timer);
    restarts.clear();
    coordinator.relaySignal(signal);
  };

  return new Promise<number>((resolve) => {
    cluster.on('listening', (worker, address) => {
      listening.add(worker.id);
      if (everListened || listening.size < count) return;
      everListened = true;
      const host = address.addressType === 6 ? `[${address.address}]` : (address.address ?? '127.0.0.1');
      logger.info('workers listening', { url: `http://${host}:${address.port}`, workers: count });
    });
    cluster.on('exit', (worker, code, signal) => {
      const started = indexOf.get(worker.id);
      indexOf.delete(worker.id);
      listening.delete(worker.id);
      coordinator.forgetWorker(worker.id);
      if (code !== 0) status = 1;
      const fields = { worker: started?.index, pid: worker.process.pid, code, signal };
      if (!stopping && !everListened) {
        logger.error('worker failed to start: stopping the others', fields);
        stop('SIGTERM');
      }
      if (stopping || started === undefined) {
        if (indexOf.size === 0) {
          logger.info('all workers stopped', { status });
          resolve(status);
        }
        return;
      }
      const lived = Date.now() - started.forkedAt;
      const failure = lived >= STABLE_LIFE_MS ? 1 : (failures.get(started.index) ?? 0) + 1;
      failures.set(started.index, failure);
      const delayMs = restartDelay(failure);
      status = 0;
      logger.warn('worker exited: restarting it', { ...fields, restart_in_ms: delayMs });
      const timer = setTimeout(() => {
        restarts.delete(timer);
        if (!stopping) fork(started.index);
      }, delayMs);
      restarts.add(timer);
    });
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => stop(signal));
    // `pnpm start` exits on SIGTERM without waiting for its child: the workers drain then too.
    const parent = process.ppid;
    const parentWatch = setInterval(() => {
      if (process.ppid === parent) return;
      clearInterval(parentWatch);
      if (!stopping) stop('SIGTERM');
    }, 500);
    parentWatch.unref();
    logger.info('starting workers', {
      workers: count,
      shared_through: redisUrl === undefined ? 'primary' : 'redis',
    });
    for (let index = 1; index <= count; index++) fork(index);
  });
}
