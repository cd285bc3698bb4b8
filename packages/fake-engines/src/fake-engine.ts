import type { FakeEngineStats } from './core/fake-engine-stats.js';
import type { RecordedRequest } from './core/fake-request.js';
import type { FaultSettings } from './core/fault-settings.js';
import type { FakeEngineKind } from './fake-engine-kind.js';

/** A running fake engine, as returned by `startFakeEngine`. */
export interface FakeEngine {
  /** Which engine it fakes. */
  readonly kind: FakeEngineKind;
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  readonly url: string;
  /** Bound port. */
  readonly port: number;
  /** Served model name. */
  readonly model: string;
  /** Every request received (control routes excluded), oldest first, credentials redacted. */
  readonly requests: readonly RecordedRequest[];
  /** Live counters (read them after `whenIdle()` to assert on a finished run). */
  readonly stats: Readonly<FakeEngineStats>;
  /** Streams in progress. */
  readonly activeStreams: number;
  /** Streams the client abandoned mid-way (the fake stopped generating at once). */
  readonly abortedStreams: number;
  /** Replaces the standing faults, or queues faults for the next N requests when `forRequests` is set. Resolves
   * when server-wide effects (a refused port) are in place. Throws on unknown or invalid knobs. */
  setFaults(faults: FaultSettings): Promise<void>;
  /** The standing faults. */
  faults(): FaultSettings;
  /** Empties the request log. */
  clearRequests(): void;
  /** Resolves when no generation is running or queued (rejects after `timeoutMs`, default 5 s). */
  whenIdle(timeoutMs?: number): Promise<void>;
  /** Stops listening and destroys every connection at once, mid-stream included. */
  close(): Promise<void>;
}
