/**
 * Health of one engine replica:
 * - `ready`: it accepts tasks;
 * - `loading`: it is up but still loading a model (slow, not failed);
 * - `unhealthy`: it answers but reports a failure;
 * - `down`: it cannot be reached.
 */
export type HealthState = 'ready' | 'loading' | 'unhealthy' | 'down';

/** Result of {@link WorkerAdapter.health}. */
export interface AdapterHealth {
  /** The replica's state. */
  state: HealthState;
  /** Why it is not ready, in the engine's words where it gave some. */
  detail?: string;
  /** Milliseconds the health probe took. */
  latency_ms?: number;
}
