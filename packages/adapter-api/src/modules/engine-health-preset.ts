/**
 * How the readiness of a launched engine process is probed: GET `path`; a status in `readyStatuses` means
 * ready, any other answer means alive but still loading, no answer means still starting.
 */
export interface EngineHealthPreset {
  /** Path probed with GET, e.g. `/health`. */
  path: string;
  /** HTTP statuses that mean "ready to serve". */
  readyStatuses: readonly number[];
  /** What the engine answers while it loads (e.g. `503 Loading model`), for docs and error messages. */
  whileLoading: string;
}
