import type { ConformanceSession } from './conformance-session.js';

/** What {@link ConformanceProfile.open} receives. */
export interface OpenSessionOptions {
  /**
   * Base URL of an engine that is already running (`--url`). Absent: the profile starts its own engine, or
   * runs in-process, or refuses with a clear message when it cannot.
   */
  url?: string;
  /** Progress lines for the console (engine start, ports); never secrets. */
  log: (message: string) => void;
}

/**
 * How the conformance suite drives one adapter: the features are the same for every adapter, a profile
 * says how to build the adapter and how to inject the faults that some scenarios need. Write one per
 * adapter (see the README), export it as the module's default export, and run it with
 * `conformance --profile ./my-profile.ts`.
 */
export interface ConformanceProfile {
  /** Short name, used by `--adapter` and as the report folder name. */
  name: string;
  /** One line for `--help` and the report. */
  description: string;
  /**
   * Scenarios this adapter cannot run, each with the reason. Keys are a scenario tag (`@CONF-009`) or an
   * exact scenario name. Listed scenarios are reported as skipped with the reason: never edit a feature.
   */
  unsupported?: Readonly<Record<string, string>>;
  /** Starts (or connects to) the engine once per run and builds the adapter under test. */
  open(options: OpenSessionOptions): Promise<ConformanceSession>;
}
