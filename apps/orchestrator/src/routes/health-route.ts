import { Hono } from 'hono';
import type { AppDeps } from '../app-deps.js';

/** `GET /healthz` (the process is alive) and `GET /readyz` (at least one replica can take tasks). */
export function createHealthRoute(deps: AppDeps): Hono {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', (c) => {
    const readyReplicas = deps.pools
      .flatMap((pool) => pool.replicas)
      .filter((replica) => replica.isReady).length;
    const ready = readyReplicas > 0 && !deps.lifecycle.shuttingDown;
    return c.json(
      {
        status: ready ? 'ready' : 'not_ready',
        ready_replicas: readyReplicas,
        shutting_down: deps.lifecycle.shuttingDown,
      },
      ready ? 200 : 503,
    );
  });
  return app;
}
