import type { ManagedEngine } from '../engines/managed-engine.js';
import type { Replica } from './replica.js';

/**
 * Ties a replica to its managed engine: the engine's swap or idle stop waits for the replica's in-flight
 * tasks; a status change reaches the replica's health at once (not at the next periodic probe), and an
 * engine that became ready is probed; every change is announced by the replica (its pool lets queued tasks in).
 */
export function attachManagedEngine(replica: Replica, engine: ManagedEngine): void {
  replica.managedEngine = engine;
  engine.inFlight = () => replica.inFlight;
  let lastStatus = engine.status;
  engine.on('change', () => {
    const status = engine.status;
    if (status === lastStatus) {
      replica.announceCapacityChange();
      return;
    }
    lastStatus = status;
    if (status === 'ready') {
      void replica.refresh();
      return;
    }
    const reason = engine.supervisor.reason;
    replica.health = {
      state: status === 'starting' ? 'loading' : 'down',
      detail: `engine process ${status}${reason ? `: ${reason}` : ''}`,
    };
    replica.announceCapacityChange();
  });
}
