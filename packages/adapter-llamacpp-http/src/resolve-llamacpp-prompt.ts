import { type AdapterLogger, type ChatMessage, isTaskError, type Task, TaskError } from '@orch/adapter-api';
import type { EngineClient } from '@orch/adapter-utils';
import { llamaCppApplyTemplateResponseSchema } from './llamacpp-api-types.js';

/**
 * What to do with `messages` when the server has no `POST /apply-template` (builds before late 2024 answer
 * 404): `transcript` joins the turns as `role: content` lines ending with `assistant:` (a plain prompt, not
 * the model's chat template: answers differ from the template's), `reject` fails the task with
 * `capability_unsupported`.
 */
export type ChatTemplateFallback = 'transcript' | 'reject';

/** The prompt the `transcript` fallback builds from chat turns. */
export function formatTranscriptPrompt(messages: readonly ChatMessage[]): string {
  return `${messages.map((message) => `${message.role}: ${message.content}`).join('\n')}\nassistant:`;
}

/** Turns a task into the prompt text for `/completion` and `/tokenize`; remembers whether the server templates. */
export function createPromptResolver(settings: {
  client: EngineClient;
  fallback: ChatTemplateFallback;
  timeoutMs: number;
  logger: AdapterLogger;
}) {
  let templateEndpointMissing = false;
  return async function resolvePrompt(task: Task, signal?: AbortSignal): Promise<string> {
    if (task.prompt !== undefined) return task.prompt;
    const messages = task.messages;
    if (messages === undefined || messages.length === 0) {
      throw new TaskError('invalid_request', 'The task has neither a prompt nor messages.');
    }
    if (!templateEndpointMissing) {
      try {
        const applied = await settings.client.requestJson(llamaCppApplyTemplateResponseSchema, {
          path: '/apply-template',
          body: { messages },
          timeoutMs: settings.timeoutMs,
          ...(signal === undefined ? {} : { signal }),
          what: '/apply-template answer',
        });
        return applied.prompt;
      } catch (error) {
        const missing = isTaskError(error) && (error.context.status === 404 || error.context.status === 501);
        if (!missing) throw error;
        templateEndpointMissing = true;
      }
    }
    if (settings.fallback === 'reject') {
      throw new TaskError(
        'capability_unsupported',
        'This llama-server has no /apply-template endpoint, so chat messages cannot be templated.',
        { context: { engine: 'llamacpp', replica: settings.client.replica } },
      );
    }
    settings.logger.warn('llama-server has no /apply-template: messages sent as a plain transcript', {
      task_id: task.task_id,
      replica: settings.client.replica,
    });
    return formatTranscriptPrompt(messages);
  };
}
