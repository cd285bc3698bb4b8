import { resolveSampling, type Task, TaskError } from '@orch/adapter-api';
import {
  convertToOpenAiResponseFormat,
  listDroppedFields,
  type OpenAiRoute,
  resolveTaskSeed,
  type TaskFieldUses,
} from '@orch/adapter-utils';
import type {
  VllmChatCompletionRequest,
  VllmCompletionRequest,
  VllmSamplingFields,
} from './vllm-api-types.js';

/** What this adapter does with each task field. */
const TASK_FIELD_USES: TaskFieldUses = {
  task_id: 'reported',
  model: 'replaced', // `servedModel` is sent instead (a wrong name is a 404, specs/engines/vllm.md A.6)
  prompt: 'sent',
  messages: 'sent',
  max_tokens: 'sent',
  temperature: 'sent',
  top_p: 'sent',
  top_k: 'sent',
  min_p: 'sent',
  seed: 'sent',
  stop: 'sent',
  response_format: 'sent',
};

/** The route a task streams from: `/v1/completions` for a prompt, `/v1/chat/completions` for chat turns. */
export function routeOfVllmTask(task: Task): OpenAiRoute {
  return task.prompt === undefined ? 'chat' : 'completion';
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
  const sampling = resolveSampling(task);
  const fields: VllmSamplingFields = {
    model: servedModel,
    max_tokens: task.max_tokens,
    seed: resolveTaskSeed(task),
    stream: true,
    stream_options: { include_usage: true },
    // Temperature 0 is greedy in vLLM (SamplingParams turns top_p/top_k off itself).
    temperature: sampling.temperature,
    top_p: sampling.top_p,
    // The contract's "0 disables top-k": -1 means the same on every vLLM release; older ones refuse 0.
    top_k: sampling.top_k === 0 ? -1 : sampling.top_k,
    min_p: sampling.min_p,
    repetition_penalty: sampling.repetition_penalty,
    presence_penalty: sampling.presence_penalty,
    frequency_penalty: sampling.frequency_penalty,
  };
  if (task.stop !== undefined && task.stop.length > 0) fields.stop = [...task.stop];
  if (task.response_format !== undefined)
    fields.response_format = convertToOpenAiResponseFormat(task.response_format);
  return fields;
}

/**
 * Maps a task to a streamed vLLM request (specs/engines/vllm.md A.2–A.5): a `prompt` goes to `/v1/completions` (no chat template),
 * `messages` to `/v1/chat/completions` (the model's template, applied by vLLM). Every sampling parameter of
 * the sampler profile vLLM has is sent, the task's own values in place (ORCH-DET-021); vLLM has no typical-p,
 * mirostat, DRY or XTC, and no penalty window. Always streams with
 * `stream_options.include_usage` (token counts, specs/engines/vllm.md A.4) and a per-request `seed` (the task's, or one derived
 * from its id). `max_tokens` is sent on both routes: vLLM still accepts it for chat, and every release does.
 */
export function convertToVllmRequest(task: Task, servedModel: string): ConvertedVllmRequest {
  const droppedFields = listDroppedFields(task, TASK_FIELD_USES);
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
