import type { AdapterProperties } from '../adapter-properties.js';
import type { DeterminismConfigProblem } from './determinism-config-problem.js';
import type { DeterminismVerdict } from './determinism-verdict.js';
import type { ReplicaDeterminismSettings } from './replica-determinism-settings.js';

/**
 * An engine's determinism rules (specs/determinism.md). The orchestrator asks them only about replicas
 * declared `deterministic: true`; an undeclared replica is never deterministic.
 */
export interface DeterminismAssessment<Options> {
  /**
   * Settings that can never give byte-identical replays, found at config load (e.g. an OpenAI-compatible
   * service, llama.cpp with its prompt cache on). Empty when there is nothing to object to.
   */
  findConfigProblems(settings: ReplicaDeterminismSettings<Options>): DeterminismConfigProblem[];
  /**
   * Whether the replica may run strict tasks now, from its declared settings and what the engine reports
   * (`properties` is undefined until the engine has been read), e.g. llama.cpp needs one slot unless
   * `batch_invariant` is declared.
   */
  assessReplica(
    settings: ReplicaDeterminismSettings<Options>,
    properties: AdapterProperties | undefined,
  ): DeterminismVerdict;
}
