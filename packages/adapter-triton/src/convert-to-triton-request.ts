import { resolveResponseSchema, resolveSampling, type Task, TaskError } from '@orch/adapter-api';
import { listDroppedFields, resolveTaskSeed, type TaskFieldUses } from '@orch/adapter-utils';
import type { TritonGenerateRequest, TritonSeedInputName } from './triton-api-types.js';

/** What this adapter does with each task field. */
const TASK_FIELD_USES: TaskFieldUses = {
  task_id: 'sent', // the request `id`
  model: 'replaced', // the Triton model is in the URL (a replica setting)
  prompt: 'sent',
  messages: 'sent', // turned into `text_input` before this conversion
  max_tokens: 'sent',
  temperature: 'sent',
  top_p: 'sent',
  top_k: 'sent',
  min_p: 'dropped', // the ensemble has no min-p input
  seed: 'sent',
  stop: 'sent',
  response_format: 'sent', // guided decoding, or refused (see refuseUnsupportedTritonTask)
};

/** Which input name(s) carry the seed: the detected or configured one, or both when it is unknown. */
export type TritonSeedInputs = readonly TritonSeedInputName[];

/** Result of {@link convertToTritonRequest}. */
export interface ConvertedTritonRequest {
  /** The `generate_stream` body. */
  body: TritonGenerateRequest;
  /** Task fields the ensemble has no input for (e.g. `min_p`): the caller logs them with `logger.warn`. */
  droppedFields: string[];
}

/** Options of {@link convertToTritonRequest}. */
export interface ConvertToTritonOptions {
  /** The deployment has guided decoding configured (xgrammar backend and tokenizer info, specs/engines/triton.md C.2). */
  guidedDecoding: boolean;
}

/**
 * Refuses, before any request, a task this deployment cannot serve: structured output without guided
 * decoding configured (`capability_unsupported`).
 */
export function refuseUnsupportedTritonTask(task: Task, options: ConvertToTritonOptions): void {
  if (task.response_format !== undefined && !options.guidedDecoding) {
    throw new TaskError(
      'capability_unsupported',
      'This Triton replica has no guided decoding configured, so it cannot produce structured output ' +
        '(response_format).',
      { context: { engine: 'triton' } },
    );
  }
}

/**
 * Maps a task to the TensorRT-LLM ensemble inputs (specs/engines/triton.md C.2):
 * - `stream: true` (one response per step, needs a decoupled model) and `exclude_input_in_output: true`;
 * - the sampler profile with the task's values in place (ORCH-DET-021): `temperature`, `top_k`, `top_p`,
 *   the three penalties and `beam_width: 1` always; `top_p: 1` keeps TensorRT-LLM from reading
 *   `top_k = top_p = 0` (the inputs' defaults) as greedy; the ensemble has no min-p or typical-p input;
 * - greedy (temperature 0, ORCH-DET-022) → `top_k: 1` (TensorRT-LLM's greedy setting) with temperature and
 *   `top_p` 1;
 * - the seed under each name in `seedInputs` (`seed` on newer ensembles, `random_seed` up to 0.19);
 * - `stop` → `stop_words`;
 * - `response_format` → `guided_decoding_guide_type: "json_schema"` and the serialised schema
 *   (`{"type":"object"}` for `json_object`), only with `guidedDecoding` (else see
 *   {@link refuseUnsupportedTritonTask}).
 */
export function convertToTritonRequest(
  task: Task,
  textInput: string,
  seedInputs: TritonSeedInputs,
  options: ConvertToTritonOptions = { guidedDecoding: false },
): ConvertedTritonRequest {
  refuseUnsupportedTritonTask(task, options);
  const sampling = resolveSampling(task);
  const body: TritonGenerateRequest = {
    id: task.task_id,
    text_input: textInput,
    max_tokens: task.max_tokens,
    stream: true,
    exclude_input_in_output: true,
    temperature: sampling.greedy ? 1 : sampling.temperature,
    top_k: sampling.greedy ? 1 : sampling.top_k,
    top_p: sampling.greedy ? 1 : sampling.top_p,
    repetition_penalty: sampling.repetition_penalty,
    presence_penalty: sampling.presence_penalty,
    frequency_penalty: sampling.frequency_penalty,
    beam_width: 1,
  };
  if (task.stop !== undefined && task.stop.length > 0) body.stop_words = [...task.stop];
  if (task.response_format !== undefined) {
    body.guided_decoding_guide_type = 'json_schema';
    body.guided_decoding_guide = JSON.stringify(resolveResponseSchema(task.response_format));
  }
  const seed = resolveTaskSeed(task);
  for (const name of seedInputs) body[name] = seed;
  return { body, droppedFields: listDroppedFields(task, TASK_FIELD_USES) };
}
