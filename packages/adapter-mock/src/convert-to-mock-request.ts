import { deriveSeed, type Task } from '@orch/adapter-api';
import type { MockGenerationRequest } from './mock-api-types.js';

/** Maps a task to what the mock engine needs; chat turns are joined so they seed the text too. */
export function convertToMockRequest(task: Task): MockGenerationRequest {
  const promptText =
    task.prompt ?? (task.messages ?? []).map((message) => `${message.role}: ${message.content}`).join('\n');
  return {
    seed: task.seed ?? deriveSeed(task.task_id),
    promptText,
    maxTokens: task.max_tokens,
    stop: task.stop ?? [],
  };
}
