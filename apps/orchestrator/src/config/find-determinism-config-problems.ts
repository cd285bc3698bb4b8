import type { EngineKind } from '@orch/adapter-api';

/** A replica's determinism settings, as written in the config. */
interface ReplicaDeterminismSettings {
  deterministic?: boolean | undefined;
  options?: Record<string, unknown> | undefined;
}

/** One contradiction between `deterministic: true` and the rest of a replica's config. */
export interface DeterminismConfigProblem {
  /** The replica field the problem is reported on. */
  field: 'deterministic' | 'options';
  message: string;
}

/**
 * Settings that can never give byte-identical replays, checked at load time so that an operator learns it
 * before the first strict task does (ORCH-DET-040): an OpenAI-compatible service promises no reproducibility,
 * and llama.cpp's prompt cache changes logits between runs (specs/engines/cross-engine.md E.6).
 */
export function findDeterminismConfigProblems(
  engine: EngineKind,
  replica: ReplicaDeterminismSettings,
): DeterminismConfigProblem[] {
  if (replica.deterministic !== true) return [];
  if (engine === 'openai') {
    return [
      {
        field: 'deterministic',
        message: 'an OpenAI-compatible service promises no reproducible output: it cannot be deterministic',
      },
    ];
  }
  if (engine === 'llamacpp' && replica.options?.cache_prompt === true) {
    return [
      {
        field: 'options',
        message: 'cache_prompt: true makes llama.cpp results depend on earlier requests: turn it off',
      },
    ];
  }
  return [];
}
