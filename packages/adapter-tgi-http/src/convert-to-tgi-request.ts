import { resolveResponseSchema, resolveSampling, type Task } from '@orch/adapter-api';
import { listDroppedFields, resolveTaskSeed, type TaskFieldUses } from '@orch/adapter-utils';
import type { TgiGenerateParameters, TgiGenerateRequest } from './tgi-api-types.js';

/** What this adapter does with each task field. */
const TASK_FIELD_USES: TaskFieldUses = {
  task_id: 'reported',
  model: 'replaced', // TGI serves one model per router; the native route has no model field
  prompt: 'sent',
  messages: 'sent', // templated by /chat_tokenize into `inputs` before this conversion
  max_tokens: 'sent',
  temperature: 'sent',
  top_p: 'sent',
  top_k: 'sent',
  min_p: 'dropped', // TGI has no min-p
  seed: 'sent',
  stop: 'sent',
  response_format: 'sent', // `grammar`
};

/** Result of {@link convertToTgiRequest}. */
export interface ConvertedTgiRequest {
  /** The `/generate_stream` body. */
  body: TgiGenerateRequest;
  /** Task fields TGI cannot honour (e.g. `min_p`): the caller logs them with `logger.warn`. */
  droppedFields: string[];
  /**
   * Task fields that were set but have no effect under greedy decoding (temperature 0 turns sampling off,
   * and TGI would turn it back on for any warper): left out, the caller logs them at debug level.
   */
  ignoredForGreedy: string[];
}

/** Options of {@link convertToTgiRequest}. */
export interface ConvertToTgiOptions {
  /** True when `inputs` is chat-templated text that already holds the template's special tokens. */
  templated?: boolean;
}

/**
 * Maps a task to a native `/generate_stream` request (specs/engines/tgi.md B.1), within TGI's validation rules:
 * - `details: true` always, so that the final event carries the finish reason, token counts and seed;
 * - the sampler profile with the task's values in place (ORCH-DET-021): TGI leaves a warper out when its
 *   field is absent, so the profile's "off" values that TGI refuses (`top_p` and `typical_p` 1.0, `top_k` 0)
 *   are expressed by leaving the field out; `repetition_penalty: 1`, `frequency_penalty: 0` and
 *   `watermark: false` are sent; TGI has no min-p, presence penalty, mirostat, DRY or XTC;
 * - temperature 0 (greedy, ORCH-DET-022) → `do_sample: false` and no `temperature`, `top_p`, `top_k` or
 *   `typical_p` (TGI rejects `temperature: 0` and samples as soon as any warper is set); any other
 *   temperature (the profile's 1 when the task sets none) → `do_sample: true` with that temperature;
 * - `response_format` → `grammar: {type: "json", value: <schema>}` (`{"type":"object"}` for `json_object`);
 * - the seed (the task's, or one derived from its id) is always sent.
 */
export function convertToTgiRequest(
  task: Task,
  inputs: string,
  options: ConvertToTgiOptions = {},
): ConvertedTgiRequest {
  const sampling = resolveSampling(task);
  const greedy = sampling.greedy;
  const parameters: TgiGenerateParameters = {
    max_new_tokens: task.max_tokens,
    details: true,
    do_sample: !greedy,
    seed: resolveTaskSeed(task),
    repetition_penalty: sampling.repetition_penalty,
    frequency_penalty: sampling.frequency_penalty,
    watermark: false,
  };
  const ignoredForGreedy: string[] = [];
  if (!greedy) parameters.temperature = sampling.temperature;
  if (sampling.top_p > 0 && sampling.top_p < 1) {
    if (greedy) ignoredForGreedy.push('top_p');
    else parameters.top_p = sampling.top_p;
  }
  if (sampling.top_k > 0) {
    if (greedy) ignoredForGreedy.push('top_k');
    else parameters.top_k = sampling.top_k;
  }
  if (!greedy && sampling.typical_p > 0 && sampling.typical_p < 1) parameters.typical_p = sampling.typical_p;
  if (task.stop !== undefined && task.stop.length > 0) parameters.stop = [...task.stop];
  if (task.response_format !== undefined) {
    parameters.grammar = { type: 'json', value: resolveResponseSchema(task.response_format) };
  }
  const body: TgiGenerateRequest = { inputs, parameters };
  if (options.templated === true) body.add_special_tokens = false;
  return { body, droppedFields: listDroppedFields(task, TASK_FIELD_USES), ignoredForGreedy };
}
