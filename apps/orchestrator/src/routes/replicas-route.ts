import { Hono } from 'hono';
import type { AppDeps } from '../deps/app-deps.js';

/** `GET /v1/replicas`: every pool and replica with engine, version, health, slots and load. */
export function createReplicasRoute(deps: AppDeps): Hono {
  const app = new Hono();
  app.get('/', (c) =>
    c.json({
      pools: deps.pools.map((pool) => ({
        id: pool.config.id,
        model: pool.config.model,
        engine: pool.config.engine,
        replicas: pool.replicas.map((replica) => ({
          id: replica.id,
          engine: replica.engine,
          engine_version: replica.engineVersion,
          health: replica.health.state,
          health_detail: replica.health.detail,
          breaker: replica.breaker.state,
          in_flight: replica.inFlight,
          engine_load: replica.engineLoad,
          slots: replica.slots,
          model: replica.properties?.model,
          model_digest: replica.properties?.model_digest,
          slots_total: replica.properties?.slots_total,
          slots_free: replica.properties?.slots_free,
          context_size: replica.properties?.context_size,
          engine_process: replica.managedEngine?.describe(),
        })),
      })),
      ...(deps.cluster === undefined ? {} : { cluster: deps.cluster.describe() }),
    }),
  );
  return app;
}
