import { deriveSeed, type Task } from '@orch/adapter-api';
import type { TgiGenerateParameters, TgiGenerateRequest } from './tgi-api-types.js';

/** Task fields that reach the engine, or that the orchestrator consumes before the adapter runs. */
const HANDLED_FIELDS = new Set<string>([
  'task_id',
  'model', // TGI serves one model per router; the native route has no model field
  'prompt',
  'messages', // templated by /chat_tokenize into `inputs` before this conversion
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
export function resolveTgiSeed(task: Task): number {
  return task.seed ?? deriveSeed(task.task_id);
}

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
 * Maps a task to a native `/generate_stream` request (B.1), within TGI's validation rules:
 * - `details: true` always, so that the final event carries the finish reason, token counts and seed;
 * - temperature 0 (greedy) → `do_sample: false` and no `temperature`, `top_p` or `top_k` (TGI rejects
 *   `temperature: 0` and samples as soon as any warper is set); any other temperature → `do_sample: true`;
 *   no temperature at all → `do_sample: true`, TGI's own default for a request without parameters;
 * - `top_p: 1.0` (no nucleus cut) is left out, since TGI only accepts values in (0, 1); `top_k: 0` too;
 * - the seed (the task's, or one derived from its id) is always sent.
 */
export function convertToTgiRequest(
  task: Task,
  inputs: string,
  options: ConvertToTgiOptions = {},
): ConvertedTgiRequest {
  const greedy = task.temperature === 0;
  const parameters: TgiGenerateParameters = {
    max_new_tokens: task.max_tokens,
    details: true,
    do_sample: !greedy,
    seed: resolveTgiSeed(task),
  };
  const ignoredForGreedy: string[] = [];
  if (!greedy && task.temperature !== undefined) parameters.temperature = task.temperature;
  if (task.top_p !== undefined && task.top_p > 0 && task.top_p < 1) {
    if (greedy) ignoredForGreedy.push('top_p');
    else parameters.top_p = task.top_p;
  }
  if (task.top_k !== undefined && task.top_k > 0) {
    if (greedy) ignoredForGreedy.push('top_k');
    else parameters.top_k = task.top_k;
  }
  if (task.stop !== undefined && task.stop.length > 0) parameters.stop = [...task.stop];
  const body: TgiGenerateRequest = { inputs, parameters };
  if (options.templated === true) body.add_special_tokens = false;
  const droppedFields = Object.entries(task)
    .filter(([key, value]) => value !== undefined && !HANDLED_FIELDS.has(key))
    .map(([key]) => key);
  return { body, droppedFields, ignoredForGreedy };
}
