import { deriveSeed, type Task } from '@orch/adapter-api';
import type { TritonGenerateRequest, TritonSeedInputName } from './triton-api-types.js';

/** Task fields that reach the engine, or that the orchestrator consumes before the adapter runs. */
const HANDLED_FIELDS = new Set<string>([
  'task_id', // sent as the request `id`
  'model', // the Triton model is in the URL (a replica setting)
  'prompt',
  'messages', // turned into `text_input` before this conversion
  'max_tokens',
  'temperature',
  'top_p',
  'top_k',
  'seed',
  'stop',
  'priority', // admission, orchestrator side
  'deadline_ms', // enforced by the orchestrator
]);

/** The seed a task runs with: its own, or one derived from its id so that a re-run reproduces it. */
export function resolveTritonSeed(task: Task): number {
  return task.seed ?? deriveSeed(task.task_id);
}

/** Which input name(s) carry the seed: the detected or configured one, or both when it is unknown. */
export type TritonSeedInputs = readonly TritonSeedInputName[];

/** Result of {@link convertToTritonRequest}. */
export interface ConvertedTritonRequest {
  /** The `generate_stream` body. */
  body: TritonGenerateRequest;
  /** Task fields the ensemble has no input for (e.g. `min_p`): the caller logs them with `logger.warn`. */
  droppedFields: string[];
}

/**
 * Maps a task to the TensorRT-LLM ensemble inputs (C.2):
 * - `stream: true` (one response per step, needs a decoupled model) and `exclude_input_in_output: true`;
 * - greedy (temperature 0) → `top_k: 1` and no temperature, TensorRT-LLM's greedy setting;
 * - a sampling temperature with neither `top_k` nor `top_p` also sends `top_p: 1`: TensorRT-LLM treats
 *   `top_k = top_p = 0` (its defaults) as greedy, which would silently ignore the temperature and the seed;
 * - the seed under each name in `seedInputs` (`seed` on newer ensembles, `random_seed` up to 0.19);
 * - `stop` → `stop_words`.
 */
export function convertToTritonRequest(
  task: Task,
  textInput: string,
  seedInputs: TritonSeedInputs,
): ConvertedTritonRequest {
  const body: TritonGenerateRequest = {
    id: task.task_id,
    text_input: textInput,
    max_tokens: task.max_tokens,
    stream: true,
    exclude_input_in_output: true,
  };
  const greedy = task.temperature === 0;
  if (greedy) {
    body.top_k = 1;
  } else {
    if (task.temperature !== undefined) body.temperature = task.temperature;
    if (task.top_k !== undefined) body.top_k = task.top_k;
    if (task.top_p !== undefined) body.top_p = task.top_p;
    if (task.temperature !== undefined && task.top_k === undefined && task.top_p === undefined)
      body.top_p = 1;
  }
  if (task.stop !== undefined && task.stop.length > 0) body.stop_words = [...task.stop];
  const seed = resolveTritonSeed(task);
  for (const name of seedInputs) body[name] = seed;
  const droppedFields = Object.entries(task)
    .filter(([key, value]) => value !== undefined && !HANDLED_FIELDS.has(key))
    .map(([key]) => key);
  return { body, droppedFields };
}
