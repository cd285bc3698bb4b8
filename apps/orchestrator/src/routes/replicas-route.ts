import { Hono } from 'hono';
import type { AppDeps } from '../deps/app-deps.js';
import { identifyClient } from '../security/client-identity.js';
import { redactEngineAddresses } from '../security/redact-engine-addresses.js';

/**
 * `GET /v1/replicas`: every pool and replica with engine, version, health, slots and load. Health details and
 * engine processes name no internal address (ORCH-SEC-021) unless an operator asks with `?internal=1`, which
 * needs an unscoped key when authentication is on. A key limited to some models sees their pools only.
 */
export function createReplicasRoute(deps: AppDeps): Hono {
  const app = new Hono();
  app.get('/', (c) => {
    const client = identifyClient(c);
    const internal = c.req.query('internal') === '1' && client.models === undefined;
    const scope = client.models;
    const pools =
      scope === undefined ? deps.pools : deps.pools.filter((pool) => scope.has(pool.config.model));
    return c.json({
      pools: pools.map((pool) => ({
        id: pool.config.id,
        model: pool.config.model,
        engine: pool.config.engine,
        replicas: pool.replicas.map((replica) => {
          const detail = replica.health.detail;
          const engineProcess = replica.managedEngine?.describe();
          return {
            id: replica.id,
            engine: replica.engine,
            engine_version: replica.engineVersion,
            health: replica.health.state,
            health_detail:
              internal || detail === undefined ? detail : redactEngineAddresses(detail, replica.id),
            breaker: replica.breaker.state,
            in_flight: replica.inFlight,
            engine_load: replica.engineLoad,
            slots: replica.slots,
            model: replica.properties?.model,
            model_digest: replica.properties?.model_digest,
            slots_total: replica.properties?.slots_total,
            slots_free: replica.properties?.slots_free,
            context_size: replica.properties?.context_size,
            engine_process:
              engineProcess === undefined || internal
                ? engineProcess
                : {
                    ...engineProcess,
                    url: undefined,
                    reason:
                      engineProcess.reason === undefined
                        ? undefined
                        : redactEngineAddresses(engineProcess.reason, replica.id),
                  },
          };
        }),
      })),
      ...(deps.cluster === undefined ? {} : { cluster: deps.cluster.describe() }),
    });
  });
  return app;
}
