import type { z } from 'zod';
import type { WorkerAdapter } from '../worker-adapter.js';
import type { AdapterModuleInput } from './adapter-module-input.js';
import type { DeterminismAssessment } from './determinism-assessment.js';
import type { EngineHealthPreset } from './engine-health-preset.js';

/**
 * Everything the orchestrator needs to know about one engine, exported by its adapter package as ONE value
 * (a plug-in is one value): the config's `engine:` name, the schema of a replica's `options`, the factory
 * of the adapter of one replica and the engine's rules. The orchestrator lists the modules it composes in
 * one place and derives config validation, determinism checks and launch presets from them.
 *
 * Methods are declared as methods so that a module of any `Options` fits a list of `AdapterModule`.
 */
export interface AdapterModule<Options = unknown> {
  /** Engine name: the value of a pool's `engine` in the config and the adapter's `engine`, e.g. `llamacpp`. */
  readonly engine: string;
  /** The `CONTRACT_VERSION` of adapter-api the package was built against; a mismatch is refused at composition. */
  readonly contractVersion: string;
  /** Zod strict object validating a replica's `options`; its issues are reported under `…replicas[i].options`. */
  readonly optionsSchema: z.ZodType<Options>;
  /** Whether a replica needs a `url` (or a `launch` section); false for engines that run in-process (mock). */
  readonly requiresUrl: boolean;
  /**
   * How the readiness of a launched engine process is probed. Absent: the engine cannot be launched as a
   * process (it runs inside the orchestrator); a `launch` section is then refused.
   */
  readonly healthPreset?: EngineHealthPreset;
  /** The engine's determinism rules, at config load and for each replica at run time. */
  readonly assessDeterminism: DeterminismAssessment<Options>;
  /** Builds the adapter of one replica from neutral settings and its parsed `options`. */
  create(input: AdapterModuleInput<Options>): WorkerAdapter;
}
