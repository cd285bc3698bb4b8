import { deriveSeed, type Task } from '@orch/adapter-api';
import type { LlamaCppCompletionRequest } from './llamacpp-api-types.js';

/** Task fields that reach the engine, or that the orchestrator consumes before the adapter runs. */
const HANDLED_FIELDS = new Set<string>([
  'task_id',
  'model', // single-model llama-server ignores it (D.3); the replica serves one model
  'prompt',
  'messages', // turned into `prompt` by /apply-template before this conversion
  'max_tokens',
  'temperature',
  'top_p',
  'top_k',
  'min_p',
  'seed',
  'stop',
  'priority', // admission, orchestrator side
  'deadline_ms', // enforced by the orchestrator
]);

/** The seed llama.cpp reads as "pick a random seed" (LLAMA_DEFAULT_SEED). */
export const LLAMACPP_RANDOM_SEED = 0xffffffff;

/** The seed a task runs with: its own, or one derived from its id so that a re-run reproduces it. */
export function resolveLlamaCppSeed(task: Task): number {
  return task.seed ?? deriveSeed(task.task_id);
}

/** Result of {@link convertToLlamaCppRequest}. */
export interface ConvertedLlamaCppRequest {
  /** The `/completion` body. */
  body: LlamaCppCompletionRequest;
  /** Task fields set on the task that this engine cannot honour: the caller logs them (never silently). */
  droppedFields: string[];
}

/**
 * Maps a task to a streamed native `/completion` request (D.2): `max_tokens` → `n_predict`, the seed (the
 * task's, or one derived from its id) and the sampling fields as they are. `prompt` is the final prompt
 * text (the chat template already applied for `messages`).
 */
export function convertToLlamaCppRequest(
  task: Task,
  prompt: string,
  options: { cachePrompt: boolean },
): ConvertedLlamaCppRequest {
  const body: LlamaCppCompletionRequest = {
    prompt,
    n_predict: task.max_tokens,
    seed: resolveLlamaCppSeed(task),
    stream: true,
    cache_prompt: options.cachePrompt,
  };
  if (task.temperature !== undefined) body.temperature = task.temperature;
  if (task.top_k !== undefined) body.top_k = task.top_k;
  if (task.top_p !== undefined) body.top_p = task.top_p;
  if (task.min_p !== undefined) body.min_p = task.min_p;
  if (task.stop !== undefined && task.stop.length > 0) body.stop = [...task.stop];
  const droppedFields = Object.entries(task)
    .filter(([key, value]) => value !== undefined && !HANDLED_FIELDS.has(key))
    .map(([key]) => key);
  return { body, droppedFields };
}
