import type { EngineStatus } from './engine-status.js';

/**
 * What a swap group needs from an engine. `EngineProcess` and `EngineSupervisor` both fit; tests use
 * plain objects. `start()` must be idempotent (resolve at once when ready, share a start in progress).
 */
export interface SwappableEngine {
  /** When present, a loaded engine whose status is not `ready` (crashed, stopped) is started again. */
  readonly status?: EngineStatus;
  /** Base URL, handed out on leases. */
  readonly url?: string | undefined;
  /** Loads the model: resolves when the engine is ready to serve. */
  start(): Promise<void>;
  /** Unloads the model: resolves when the engine has exited. */
  stop(): Promise<void>;
}
