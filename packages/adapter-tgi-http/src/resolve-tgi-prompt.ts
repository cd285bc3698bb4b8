import { type AdapterLogger, type ChatMessage, isTaskError, type Task, TaskError } from '@orch/adapter-api';
import type { EngineClient } from '@orch/adapter-utils';
import { tgiChatTokenizeResponseSchema } from './tgi-api-types.js';

/**
 * What to do with chat `messages` when the router has no `POST /chat_tokenize` (older TGI, or a model
 * without a chat template): `transcript` joins the turns as `role: content` lines ending with `assistant:`
 * (a plain prompt, not the model's template), `reject` fails the task with `capability_unsupported`.
 */
export type TgiChatTemplateFallback = 'transcript' | 'reject';

/** The native route's input for a task, and what the tokenizer said about it when it was asked. */
export interface ResolvedTgiPrompt {
  /** `inputs` of the request. */
  inputs: string;
  /** True when `inputs` is the model's chat template applied by `/chat_tokenize`. */
  templated: boolean;
  /** Prompt tokens, when `/chat_tokenize` counted them. */
  tokenCount?: number;
}

/** The prompt the `transcript` fallback builds from chat turns. */
export function formatTranscriptPrompt(messages: readonly ChatMessage[]): string {
  return `${messages.map((message) => `${message.role}: ${message.content}`).join('\n')}\nassistant:`;
}

/** Turns a task into `inputs`; chat turns go through `/chat_tokenize` (specs/engines/tgi.md B.4), remembered when it is missing. */
export function createTgiPromptResolver(settings: {
  client: EngineClient;
  fallback: TgiChatTemplateFallback;
  timeoutMs: number;
  logger: AdapterLogger;
}) {
  let chatTokenizeMissing = false;
  return async function resolvePrompt(task: Task, signal?: AbortSignal): Promise<ResolvedTgiPrompt> {
    if (task.prompt !== undefined) return { inputs: task.prompt, templated: false };
    const messages = task.messages;
    if (messages === undefined || messages.length === 0) {
      throw new TaskError('invalid_request', 'The task has neither a prompt nor messages.');
    }
    if (!chatTokenizeMissing) {
      try {
        const answer = await settings.client.requestJson(tgiChatTokenizeResponseSchema, {
          path: '/chat_tokenize',
          body: { messages },
          timeoutMs: settings.timeoutMs,
          ...(signal === undefined ? {} : { signal }),
          what: '/chat_tokenize answer',
        });
        return {
          inputs: answer.templated_text,
          templated: true,
          tokenCount: answer.tokenize_response.length,
        };
      } catch (error) {
        const missing = isTaskError(error) && (error.context.status === 404 || error.context.status === 405);
        if (!missing) throw error;
        chatTokenizeMissing = true;
      }
    }
    if (settings.fallback === 'reject') {
      throw new TaskError(
        'capability_unsupported',
        'This TGI router has no /chat_tokenize endpoint, so chat messages cannot be templated.',
        { context: { engine: 'tgi', replica: settings.client.replica } },
      );
    }
    settings.logger.warn('TGI has no /chat_tokenize: messages sent as a plain transcript', {
      task_id: task.task_id,
      replica: settings.client.replica,
    });
    return { inputs: formatTranscriptPrompt(messages), templated: false };
  };
}
