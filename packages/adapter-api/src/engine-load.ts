/**
 * What an engine's own metrics say about its load right now, for placement. It counts every request the
 * engine has, including those of other clients sharing it. Unknown figures are absent, never 0.
 */
export interface EngineLoad {
  /** Requests the engine is generating for (its running batch or busy slots). */
  running?: number;
  /** Requests queued inside the engine, waiting for a batch slot. */
  waiting?: number;
}
