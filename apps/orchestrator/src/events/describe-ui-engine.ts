import type { ManagedEngine } from '../engines/managed-engine.js';
import { redactEngineAddresses } from '../security/redact-engine-addresses.js';
import { engineIdOf } from './engine-id.js';
import type { UiEngine } from './ui-event-types.js';

/** What the page shows of a managed engine process (ORCH-UI-013); `startedAt` is when its process last started. */
export function describeUiEngine(
  engine: ManagedEngine,
  startedAt: number | undefined,
  redact: (text: string) => string,
): UiEngine {
  const process = engine.describe();
  const view: UiEngine = {
    id: engineIdOf(engine.poolId, engine.replicaId),
    pool_id: engine.poolId,
    replica_id: engine.replicaId,
    state: process.status,
    restarts: process.restarts,
    gave_up: process.gave_up,
  };
  if (process.pid !== undefined) view.pid = process.pid;
  if (process.reason !== undefined)
    view.last_exit = redact(redactEngineAddresses(process.reason, engine.replicaId));
  if (startedAt !== undefined) view.started_at = startedAt;
  return view;
}
