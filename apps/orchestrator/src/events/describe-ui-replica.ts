import type { Pool } from '../pools/pool.js';
import type { Replica } from '../pools/replica.js';
import { engineIdOf } from './engine-id.js';
import { redactUrlCredentials } from './redact-url-credentials.js';
import type { UiReplica } from './ui-event-types.js';

/** What the page shows of a replica now (ORCH-UI-011): its address without credentials, breaker timing. */
export function describeUiReplica(pool: Pool, replica: Replica): UiReplica {
  const url =
    replica.managedEngine?.url ?? pool.config.replicas.find((entry) => entry.id === replica.id)?.url;
  const { breaker } = replica;
  const view: UiReplica = {
    id: replica.id,
    pool_id: pool.id,
    engine: replica.engine,
    url: url === undefined ? '' : redactUrlCredentials(url),
    health: replica.health.state,
    breaker: { state: breaker.state },
    in_flight: replica.inFlight,
    slots: replica.slots,
  };
  if (replica.properties?.engine_version !== undefined)
    view.engine_version = replica.properties.engine_version;
  if (breaker.openedAt !== undefined) view.breaker.opens_at = breaker.openedAt;
  if (breaker.halfOpenAt !== undefined) view.breaker.half_open_at = breaker.halfOpenAt;
  const { running, waiting } = replica.engineLoad;
  if (running !== undefined || waiting !== undefined) {
    view.load = {
      ...(running === undefined ? {} : { slots_busy: running }),
      ...(waiting === undefined ? {} : { queue_depth: waiting }),
    };
  }
  if (replica.managedEngine !== undefined) view.managed = engineIdOf(pool.id, replica.id);
  return view;
}
