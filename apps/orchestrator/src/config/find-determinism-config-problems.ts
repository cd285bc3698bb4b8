import type { AdapterModule, DeterminismConfigProblem } from '@orch/adapter-api';

/** A replica's determinism settings, as written in the config (its `options` already validated). */
interface ReplicaDeterminismConfig {
  deterministic?: boolean | undefined;
  batch_invariant?: boolean | undefined;
  options: unknown;
}

/**
 * Settings that can never give byte-identical replays, checked at load time so that an operator learns it
 * before the first strict task does (ORCH-DET-040). The engine's module knows which they are (an
 * OpenAI-compatible service promises no reproducibility; llama.cpp's prompt cache changes logits between
 * runs); a replica that is not declared deterministic has none.
 */
export function findDeterminismConfigProblems(
  module: AdapterModule,
  replica: ReplicaDeterminismConfig,
): DeterminismConfigProblem[] {
  if (replica.deterministic !== true) return [];
  return module.assessDeterminism.findConfigProblems({
    batchInvariant: replica.batch_invariant === true,
    options: replica.options,
  });
}
