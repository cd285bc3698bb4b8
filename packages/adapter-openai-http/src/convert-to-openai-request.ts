import { resolveSampling, type Task, TaskError } from '@orch/adapter-api';
import {
  convertToOpenAiResponseFormat,
  listDroppedFields,
  type OpenAiRoute,
  resolveTaskSeed,
  type TaskFieldUses,
} from '@orch/adapter-utils';
import type {
  OpenAiChatCompletionRequest,
  OpenAiCompletionRequest,
  OpenAiSamplingFields,
} from './openai-api-types.js';

/**
 * What this adapter does with each task field. `top_k` and `min_p` are not OpenAI's ("Unrecognized request
 * argument"): they are sent only with `extendedSampling`.
 */
function listTaskFieldUses(options: OpenAiRequestOptions): TaskFieldUses {
  const extended = options.extendedSampling ? 'sent' : 'dropped';
  return {
    task_id: 'reported',
    model: 'replaced', // `servedModel` is sent instead: the pool's name need not be the server's
    prompt: 'sent',
    messages: 'sent',
    max_tokens: 'sent',
    temperature: 'sent',
    top_p: 'sent',
    top_k: extended,
    min_p: extended,
    seed: 'sent',
    stop: 'sent',
    response_format: 'sent', // or refused up front where the server cannot do it (`structuredOutput: false`)
  };
}

/** How the request is built; see `OpenAiAdapterSettings` for each. */
export interface OpenAiRequestOptions {
  /** Sent as `model`. */
  servedModel: string;
  /** Path prefix of the API, e.g. `/v1`. */
  apiPrefix: string;
  /** Where a `prompt` goes: `/completions` as is, or `/chat/completions` as one user message. */
  promptRoute: 'completions' | 'chat';
  /** Name of the token limit on the chat route. */
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  /** Send `top_k` and `min_p`. */
  extendedSampling: boolean;
  /** Send `stream_options.include_usage`. */
  includeUsage: boolean;
  /** Send every sampling field of the sampler profile, not only those the task sets. */
  samplerProfile: boolean;
  /** The server constrains output to `response_format`; when false such a task is refused. */
  structuredOutput: boolean;
  /** Merged under every body (the task's own fields win). */
  extraBody: Readonly<Record<string, unknown>>;
}

/** Result of {@link convertToOpenAiRequest}. */
export type ConvertedOpenAiRequest = {
  /** Task fields set on the task that this adapter does not send: the caller logs them (never silently). */
  droppedFields: string[];
  /** The endpoint path, prefix included. */
  path: string;
} & (
  | { route: 'completion'; body: OpenAiCompletionRequest }
  | { route: 'chat'; body: OpenAiChatCompletionRequest }
);

/** The route a task streams from: a prompt to `/completions` unless `promptRoute` is `chat`, chat turns to `/chat/completions`. */
export function routeOfOpenAiTask(
  task: Task,
  options: Pick<OpenAiRequestOptions, 'promptRoute'>,
): OpenAiRoute {
  return task.prompt !== undefined && options.promptRoute === 'completions' ? 'completion' : 'chat';
}

/**
 * The sampler profile with the task's values in place (ORCH-DET-021): the OpenAI fields always, `top_k`
 * (0, "off", sent as -1, which llama-server and every vLLM release read as off) and `min_p` with
 * `extendedSampling`. Temperature 0 is greedy.
 */
function addProfileSampling(fields: OpenAiSamplingFields, task: Task, options: OpenAiRequestOptions): void {
  const sampling = resolveSampling(task);
  fields.temperature = sampling.temperature;
  fields.top_p = sampling.top_p;
  fields.presence_penalty = sampling.presence_penalty;
  fields.frequency_penalty = sampling.frequency_penalty;
  if (options.extendedSampling) {
    fields.top_k = sampling.top_k === 0 ? -1 : sampling.top_k;
    fields.min_p = sampling.min_p;
  }
}

/** Only the sampling fields the task sets (`samplerProfile: false`, e.g. for models that refuse them). */
function addTaskSampling(fields: OpenAiSamplingFields, task: Task, options: OpenAiRequestOptions): void {
  if (task.temperature !== undefined) fields.temperature = task.temperature;
  if (task.top_p !== undefined) fields.top_p = task.top_p;
  if (options.extendedSampling) {
    if (task.top_k !== undefined) fields.top_k = task.top_k;
    if (task.min_p !== undefined) fields.min_p = task.min_p;
  }
}

function samplingFields(task: Task, options: OpenAiRequestOptions): OpenAiSamplingFields {
  const fields: OpenAiSamplingFields = {
    ...options.extraBody,
    model: options.servedModel,
    stream: true,
    seed: resolveTaskSeed(task),
  };
  if (options.includeUsage) fields.stream_options = { include_usage: true };
  if (options.samplerProfile) addProfileSampling(fields, task, options);
  else addTaskSampling(fields, task, options);
  if (task.stop !== undefined && task.stop.length > 0) fields.stop = [...task.stop];
  if (task.response_format !== undefined)
    fields.response_format = convertToOpenAiResponseFormat(task.response_format);
  return fields;
}

/**
 * Maps a task to a streamed OpenAI-style request (OC-ADAPT-6000): a `prompt` to `/completions` (or, with
 * `promptRoute: "chat"`, to `/chat/completions` as one user message: OpenAI's current models have no
 * completions route), `messages` to `/chat/completions`. The seed (the task's, or one derived from its id) is
 * always sent; so are the sampler profile's fields (unless `samplerProfile` is off), `top_k`/`min_p` only
 * with `extendedSampling`, and `response_format` (refused with `capability_unsupported`, before any request,
 * when `structuredOutput` is off). `extraBody` cannot override a sampling field the profile sends.
 */
export function convertToOpenAiRequest(task: Task, options: OpenAiRequestOptions): ConvertedOpenAiRequest {
  if (task.response_format !== undefined && !options.structuredOutput) {
    throw new TaskError(
      'capability_unsupported',
      'This OpenAI-compatible replica is configured without structured output (response_format).',
      { context: { engine: 'openai' } },
    );
  }
  const droppedFields = listDroppedFields(task, listTaskFieldUses(options));
  const fields = samplingFields(task, options);
  if (task.prompt !== undefined && routeOfOpenAiTask(task, options) === 'completion') {
    return {
      route: 'completion',
      path: `${options.apiPrefix}/completions`,
      body: { ...fields, prompt: task.prompt, max_tokens: task.max_tokens },
      droppedFields,
    };
  }
  const messages =
    task.prompt !== undefined
      ? [{ role: 'user' as const, content: task.prompt }]
      : (task.messages ?? []).map(({ role, content }) => ({ role, content }));
  if (messages.length === 0) {
    throw new TaskError('invalid_request', 'The task has neither a prompt nor messages.', {
      context: { engine: 'openai' },
    });
  }
  return {
    route: 'chat',
    path: `${options.apiPrefix}/chat/completions`,
    body: { ...fields, messages, [options.maxTokensField]: task.max_tokens },
    droppedFields,
  };
}
