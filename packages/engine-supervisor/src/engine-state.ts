import type { EngineStatus } from './engine-status.js';

/** What an engine process and its supervisor both report: the name, the lifecycle state and where it listens. */
export interface EngineState {
  /** Name used in logs. */
  readonly name: string;
  /** Current lifecycle state. */
  readonly status: EngineStatus;
  /** Why the engine is in its status, for `crashed` especially; undefined otherwise. */
  readonly reason: string | undefined;
  /** Base URL (`http://127.0.0.1:PORT`) once a port is known. */
  readonly url: string | undefined;
  /** Pid of the running engine (also its process group id); undefined when none runs or it was reused. */
  readonly pid: number | undefined;
  /** Port in use or last used. */
  readonly port: number | undefined;
  /** True while serving through a server found already running and not started here. */
  readonly reused: boolean;
  /** Duration of the last successful start (or restart), ms. */
  readonly lastStartDurationMs: number | undefined;
}
