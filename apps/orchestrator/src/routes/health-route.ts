import { Hono } from 'hono';
import type { AppDeps } from '../deps/app-deps.js';

/** `GET /healthz` (the process is alive) and `GET /readyz` (at least one replica can take tasks). */
export function createHealthRoute(deps: AppDeps): Hono {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', (c) => {
    const readyReplicas = deps.pools
      .flatMap((pool) => pool.replicas)
      .filter((replica) => replica.isReady).length;
    // A lazy managed replica takes tasks too: the first one starts its engine (specs/lifecycle.md).
    const lazyReplicas = deps.pools
      .flatMap((pool) => pool.replicas)
      .filter(
        (replica) => !replica.isReady && replica.managedEngine?.mode === 'lazy' && replica.servesSoon,
      ).length;
    const ready = readyReplicas + lazyReplicas > 0 && !deps.lifecycle.shuttingDown;
    return c.json(
      {
        status: ready ? 'ready' : 'not_ready',
        ready_replicas: readyReplicas,
        lazy_replicas: lazyReplicas,
        shutting_down: deps.lifecycle.shuttingDown,
      },
      ready ? 200 : 503,
    );
  });
  return app;
}
