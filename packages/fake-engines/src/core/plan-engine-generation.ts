import type { EngineRuntime } from './engine-runtime.js';
import { type GenerationParams, type GenerationPlan, planGeneration } from './generation-plan.js';

/** What a parsed request fixes of a generation; the natural length comes from the runtime. */
export type PlannedRequest = Pick<GenerationParams, 'prompt' | 'seed' | 'maxTokens' | 'stop' | 'ignoreEos'>;

/**
 * Plans the generation of a parsed request on this runtime: every fake engine ends a generation naturally
 * after the runtime's `eosAfterTokens`; whether the matched stop string stays in the output is the engine's own rule.
 */
export function planEngineGeneration(
  runtime: EngineRuntime,
  request: PlannedRequest,
  includeStopInOutput: boolean,
): GenerationPlan {
  return planGeneration({
    prompt: request.prompt,
    seed: request.seed,
    maxTokens: request.maxTokens,
    stop: request.stop,
    ignoreEos: request.ignoreEos,
    eosAfterTokens: runtime.eosAfterTokens,
    includeStopInOutput,
  });
}
