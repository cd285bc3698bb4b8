import { type AdapterLogger, type ChatMessage, type Task, TaskError } from '@orch/adapter-api';

/**
 * What to do with chat `messages`: Triton's generate extension takes text only and has no chat-template
 * endpoint. `transcript` joins the turns as `role: content` lines ending with `assistant:` (a plain prompt,
 * not the model's template; a warning is logged), `reject` fails the task with `capability_unsupported`.
 * Pools that serve chat should template in the model repository (a preprocessing model) or upstream.
 */
export type TritonChatFallback = 'transcript' | 'reject';

/** The prompt the `transcript` fallback builds from chat turns. */
export function formatTranscriptPrompt(messages: readonly ChatMessage[]): string {
  return `${messages.map((message) => `${message.role}: ${message.content}`).join('\n')}\nassistant:`;
}

/** The `text_input` of a task. */
export function resolveTritonPrompt(
  task: Task,
  fallback: TritonChatFallback,
  logger: AdapterLogger,
  replica: string,
): string {
  if (task.prompt !== undefined) return task.prompt;
  const messages = task.messages;
  if (messages === undefined || messages.length === 0) {
    throw new TaskError('invalid_request', 'The task has neither a prompt nor messages.');
  }
  if (fallback === 'reject') {
    throw new TaskError(
      'capability_unsupported',
      "Triton's generate extension takes text only: chat messages cannot be templated by this adapter.",
      { context: { engine: 'triton', replica } },
    );
  }
  logger.warn('Triton has no chat template endpoint: messages sent as a plain transcript', {
    task_id: task.task_id,
    replica,
  });
  return formatTranscriptPrompt(messages);
}
