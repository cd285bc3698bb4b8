import { Hono } from 'hono';
import type { AppDeps } from '../deps/app-deps.js';
import type { Pool } from '../pools/pool.js';
import type { Replica } from '../pools/replica.js';

/** Whether a replica's breaker keeps it out of service (half-open lets a trial through: it is not out). */
function breakerOpen(replica: Replica): boolean {
  return replica.breaker.state === 'open';
}

/** Ready now: its last probe passed and its breaker is not open. */
function servesNow(replica: Replica): boolean {
  return replica.isReady && !breakerOpen(replica);
}

/** A lazy managed replica takes tasks too: the first one starts its engine (specs/lifecycle.md). */
function servesAfterStart(replica: Replica): boolean {
  return !replica.isReady && replica.managedEngine?.mode === 'lazy' && replica.servesSoon;
}

/** One pool's part of the readiness answer (ORCH-API-081). */
function describePool(pool: Pool) {
  const readyReplicas = pool.replicas.filter(servesNow).length;
  const lazyReplicas = pool.replicas.filter(servesAfterStart).length;
  return {
    id: pool.id,
    ready: readyReplicas + lazyReplicas > 0,
    ready_replicas: readyReplicas,
    lazy_replicas: lazyReplicas,
    open_breakers: pool.replicas.filter(breakerOpen).length,
    replicas: pool.replicas.length,
  };
}

/**
 * `GET /healthz` (the process is alive) and `GET /readyz` (some pool can take tasks: a replica that is ready with
 * its breaker not open, or a lazy one that starts on demand), with each pool's detail.
 */
export function createHealthRoute(deps: AppDeps): Hono {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', (c) => {
    const pools = deps.pools.map(describePool);
    const sum = (field: 'ready_replicas' | 'lazy_replicas' | 'open_breakers') =>
      pools.reduce((total, pool) => total + pool[field], 0);
    const ready = pools.some((pool) => pool.ready) && !deps.lifecycle.shuttingDown;
    return c.json(
      {
        status: ready ? 'ready' : 'not_ready',
        ready_replicas: sum('ready_replicas'),
        lazy_replicas: sum('lazy_replicas'),
        open_breakers: sum('open_breakers'),
        shutting_down: deps.lifecycle.shuttingDown,
        pools,
      },
      ready ? 200 : 503,
    );
  });
  return app;
}
