import { deriveSeed, type Task, TaskError } from '@orch/adapter-api';
import type {
  VllmChatCompletionRequest,
  VllmCompletionRequest,
  VllmSamplingFields,
} from './vllm-api-types.js';

/** Task fields that reach the engine, or that the orchestrator consumes before the adapter runs. */
const HANDLED_FIELDS = new Set<string>([
  'task_id',
  'model', // the replica serves its configured model; `servedModel` is sent instead (a wrong name is a 404, A.6)
  'prompt',
  'messages',
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

/** The seed a task runs with: its own, or one derived from its id so that a re-run reproduces it. */
export function resolveVllmSeed(task: Task): number {
  return task.seed ?? deriveSeed(task.task_id);
}

/** Result of {@link convertToVllmRequest}. */
export type ConvertedVllmRequest = {
  /** Task fields set on the task that this adapter cannot send: the caller logs them (never silently). */
  droppedFields: string[];
} & (
  | { route: 'completion'; path: '/v1/completions'; body: VllmCompletionRequest }
  | { route: 'chat'; path: '/v1/chat/completions'; body: VllmChatCompletionRequest }
);

function samplingFields(task: Task, servedModel: string): VllmSamplingFields {
  const fields: VllmSamplingFields = {
    model: servedModel,
    max_tokens: task.max_tokens,
    seed: resolveVllmSeed(task),
    stream: true,
    stream_options: { include_usage: true },
  };
  if (task.temperature !== undefined) fields.temperature = task.temperature;
  if (task.top_p !== undefined) fields.top_p = task.top_p;
  // The contract's "0 disables top-k": -1 means the same on every vLLM release; older ones refuse 0.
  if (task.top_k !== undefined) fields.top_k = task.top_k === 0 ? -1 : task.top_k;
  if (task.min_p !== undefined) fields.min_p = task.min_p;
  if (task.stop !== undefined && task.stop.length > 0) fields.stop = [...task.stop];
  return fields;
}

/**
 * Maps a task to a streamed vLLM request (A.2–A.5): a `prompt` goes to `/v1/completions` (no chat template),
 * `messages` to `/v1/chat/completions` (the model's template, applied by vLLM). Always streams with
 * `stream_options.include_usage` (token counts, A.4) and a per-request `seed` (the task's, or one derived
 * from its id). `max_tokens` is sent on both routes: vLLM still accepts it for chat, and every release does.
 */
export function convertToVllmRequest(task: Task, servedModel: string): ConvertedVllmRequest {
  const droppedFields = Object.entries(task)
    .filter(([key, value]) => value !== undefined && !HANDLED_FIELDS.has(key))
    .map(([key]) => key);
  const fields = samplingFields(task, servedModel);
  if (task.prompt !== undefined) {
    return {
      route: 'completion',
      path: '/v1/completions',
      body: { ...fields, prompt: task.prompt },
      droppedFields,
    };
  }
  if (task.messages !== undefined && task.messages.length > 0) {
    return {
      route: 'chat',
      path: '/v1/chat/completions',
      body: { ...fields, messages: task.messages.map(({ role, content }) => ({ role, content })) },
      droppedFields,
    };
  }
  throw new TaskError('invalid_request', 'The task has neither a prompt nor messages.', {
    context: { engine: 'vllm' },
  });
}
