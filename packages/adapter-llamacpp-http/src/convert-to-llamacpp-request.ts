import { resolveResponseSchema, resolveSampling, type Task } from '@orch/adapter-api';
import {
  listDroppedFields,
  mapToLlamaSamplerOptions,
  resolveTaskSeed,
  type TaskFieldUses,
} from '@orch/adapter-utils';
import type { LlamaCppCompletionRequest } from './llamacpp-api-types.js';

/** What this adapter does with each task field. */
const TASK_FIELD_USES: TaskFieldUses = {
  task_id: 'reported', // the native route has no id field
  model: 'replaced', // single-model llama-server ignores it (specs/engines/llamacpp.md D.3); the replica serves one model
  prompt: 'sent',
  messages: 'sent', // turned into `prompt` by /apply-template before this conversion
  max_tokens: 'sent',
  temperature: 'sent',
  top_p: 'sent',
  top_k: 'sent',
  min_p: 'sent',
  seed: 'sent',
  stop: 'sent',
  response_format: 'sent', // `json_schema`
};

/** The seed llama.cpp reads as "pick a random seed" (LLAMA_DEFAULT_SEED). */
export const LLAMACPP_RANDOM_SEED = 0xffffffff;

/** Result of {@link convertToLlamaCppRequest}. */
export interface ConvertedLlamaCppRequest {
  /** The `/completion` body. */
  body: LlamaCppCompletionRequest;
  /** Task fields set on the task that this engine cannot honour: the caller logs them (never silently). */
  droppedFields: string[];
}

/**
 * Maps a task to a streamed native `/completion` request (specs/engines/llamacpp.md D.2): `max_tokens` → `n_predict`, the seed (the
 * task's, or one derived from its id), and every parameter of the sampler profile with the task's own
 * values in place (ORCH-DET-021): `samplers` fixes the chain to temperature, top-k, top-p, min-p (the profile's
 * order), so penalties, DRY, XTC, typical-p and top-n-sigma do not run whatever the server's flags say, and
 * their neutral values are sent as well. Temperature 0 is greedy in llama.cpp (the temperature sampler keeps
 * only the most likely token). `response_format` → `json_schema` (`{"type":"object"}` for `json_object`),
 * which the server compiles to a grammar. `prompt` is the final prompt text (the chat template already
 * applied for `messages`).
 */
export function convertToLlamaCppRequest(
  task: Task,
  prompt: string,
  options: { cachePrompt: boolean },
): ConvertedLlamaCppRequest {
  const sampling = resolveSampling(task);
  const body: LlamaCppCompletionRequest = {
    prompt,
    n_predict: task.max_tokens,
    seed: resolveTaskSeed(task),
    stream: true,
    cache_prompt: options.cachePrompt,
    ...mapToLlamaSamplerOptions(sampling),
    dynatemp_range: sampling.dynatemp_range,
    xtc_probability: sampling.xtc_probability,
    dry_multiplier: sampling.dry_multiplier,
    top_n_sigma: sampling.top_n_sigma,
    samplers: [...sampling.sampler_order],
  };
  if (task.stop !== undefined && task.stop.length > 0) body.stop = [...task.stop];
  if (task.response_format !== undefined) body.json_schema = resolveResponseSchema(task.response_format);
  return { body, droppedFields: listDroppedFields(task, TASK_FIELD_USES) };
}
