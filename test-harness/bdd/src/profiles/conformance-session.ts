import type { Task, WorkerAdapter } from '@orch/adapter-api';

/**
 * One engine and the adapter under test, open for a whole run. Every hook is optional: a scenario that needs
 * a hook the session lacks fails with a message naming the hook, unless the profile lists the scenario as
 * unsupported.
 */
export interface ConformanceSession {
  /** The adapter under test, connected to the engine. */
  adapter: WorkerAdapter;
  /** The model name put into every task. */
  model: string;
  /** More unsupported scenarios for this session only (e.g. "an external server cannot be stopped"). */
  unsupported?: Readonly<Record<string, string>>;
  /**
   * Folder of golden event sequences recorded for this engine and model (`<name>.json`). Absent: the golden
   * scenarios are skipped unless the run names one with `--golden-dir`.
   */
  goldenDir?: string;
  /**
   * The text the engine gives for `task` without streaming (e.g. llama.cpp `/completion` with
   * `stream: false`), to compare with the streamed text.
   */
  referenceText?(task: Task): Promise<string>;
  /** An adapter whose next task fails before `started` the way this engine fails (e.g. connection reset). */
  failBeforeStart?(): Promise<WorkerAdapter>;
  /** An adapter whose next stream fails after about `afterTokens` token events. */
  failMidStream?(afterTokens: number): Promise<WorkerAdapter>;
  /** Makes the engine unreachable (stops the process); {@link ConformanceSession.startEngine} undoes it. */
  stopEngine?(): Promise<void>;
  /** Starts the engine again at the same address; resolves once it has been asked to start. */
  startEngine?(): Promise<void>;
  /** Engine slots idle right now, read from the engine (e.g. `properties().slots_free`). */
  slotsFree?(): Promise<number>;
  /** The engine's version read from the engine by another path than the adapter (e.g. `GET /props`). */
  engineVersion?(): Promise<string>;
  /** Stops whatever {@link ConformanceProfile.open} started. */
  close(): Promise<void>;
}
