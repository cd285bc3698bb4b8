import { resolveSampling, type Task, TaskError } from '@orch/adapter-api';
import {
  listDroppedFields,
  mapToLlamaSamplerOptions,
  resolveTaskSeed,
  type TaskFieldUses,
} from '@orch/adapter-utils';
import type { OllamaOptions, OllamaRequest } from './ollama-api-types.js';

/** What this adapter does with each task field. */
const TASK_FIELD_USES: TaskFieldUses = {
  task_id: 'reported',
  model: 'replaced', // the replica's Ollama model tag is sent instead
  prompt: 'sent',
  messages: 'sent',
  max_tokens: 'sent',
  temperature: 'sent',
  top_p: 'sent',
  top_k: 'sent',
  min_p: 'sent',
  seed: 'sent',
  stop: 'sent',
  response_format: 'sent', // `format`
};

/** What the replica adds to every request. */
export interface OllamaRequestSettings {
  /** The Ollama model tag (`llama3.2:1b`). */
  ollamaModel: string;
  /** `keep_alive`, when set. */
  keepAlive?: string | number;
  /** `options.num_ctx`, when set. */
  numCtx?: number;
}

/** Result of {@link convertToOllamaRequest}. */
export interface ConvertedOllamaRequest {
  /** The route and its body. */
  request: OllamaRequest;
  /** Task fields Ollama cannot take: the caller logs them with `logger.warn`. */
  droppedFields: string[];
}

function toOptions(task: Task, settings: OllamaRequestSettings): OllamaOptions {
  const sampling = resolveSampling(task);
  const options: OllamaOptions = {
    seed: resolveTaskSeed(task),
    num_predict: task.max_tokens,
    // Temperature 0 is greedy in Ollama (the sampler takes the most likely token).
    ...mapToLlamaSamplerOptions(sampling),
  };
  if (task.stop !== undefined && task.stop.length > 0) options.stop = [...task.stop];
  if (settings.numCtx !== undefined) options.num_ctx = settings.numCtx;
  return options;
}

/**
 * Maps a task to a streamed Ollama request (F): a `prompt` goes to `/api/generate` with **`raw: true`**, so
 * the prompt reaches the model exactly as given (no Modelfile template or system prompt wrapped around it,
 * like the completion routes of the other engines); `messages` go to `/api/chat`, where Ollama applies the
 * model's chat template. `max_tokens` → `options.num_predict`; the seed (the task's or one derived from its
 * id); every option of the sampler profile with the task's temperature, top_k, top_p and min_p in place
 * (ORCH-DET-021); `stop` as it is; `response_format` → `format` (`"json"`, or the JSON Schema).
 */
export function convertToOllamaRequest(task: Task, settings: OllamaRequestSettings): ConvertedOllamaRequest {
  const options = toOptions(task, settings);
  const base = {
    model: settings.ollamaModel,
    stream: true as const,
    options,
    ...(settings.keepAlive === undefined ? {} : { keep_alive: settings.keepAlive }),
    ...(task.response_format === undefined
      ? {}
      : {
          format:
            task.response_format.type === 'json_schema' ? task.response_format.schema : ('json' as const),
        }),
  };
  const droppedFields = listDroppedFields(task, TASK_FIELD_USES);
  if (task.prompt !== undefined) {
    return {
      request: { path: '/api/generate', body: { ...base, prompt: task.prompt, raw: true } },
      droppedFields,
    };
  }
  if (task.messages !== undefined && task.messages.length > 0) {
    const messages = task.messages.map((message) => ({ role: message.role, content: message.content }));
    return { request: { path: '/api/chat', body: { ...base, messages } }, droppedFields };
  }
  throw new TaskError('invalid_request', 'The task has neither a prompt nor messages.');
}
