import { randomUUID } from 'node:crypto';
import { deriveSeed, type Task, TaskError } from '@orch/adapter-api';
import type { PoolConfig } from '../config/config-schema.js';
import { renderChatPrompt } from '../templates/render-chat-prompt.js';
import type { TaskRequest } from './task-request-schema.js';

/** Limits applied when turning a request into a task. */
export interface TaskLimits {
  maxPromptChars: number;
}

/** Applies the pool's defaults and limits to a parsed request, producing the task adapters receive. */
export function createTask(request: TaskRequest, pool: PoolConfig, limits: TaskLimits): Task {
  const maxTokens = request.max_tokens ?? pool.default_max_tokens;
  if (maxTokens > pool.max_tokens_limit) {
    throw new TaskError(
      'invalid_request',
      `max_tokens: ${maxTokens} exceeds the limit of pool "${pool.id}" (${pool.max_tokens_limit})`,
    );
  }
  const promptChars =
    request.prompt?.length ??
    (request.messages ?? []).reduce((sum, message) => sum + message.content.length, 0);
  if (promptChars > limits.maxPromptChars) {
    throw new TaskError(
      'invalid_request',
      `prompt: ${promptChars} characters exceed the limit of ${limits.maxPromptChars}`,
    );
  }
  const taskId = request.task_id ?? randomUUID();
  const task: Task = {
    task_id: taskId,
    model: request.model,
    max_tokens: maxTokens,
    priority: request.priority,
    // The seed is always fixed here, so every answer can be reproduced from its `started` event.
    seed: request.seed ?? deriveSeed(taskId),
  };
  if (request.prompt !== undefined) task.prompt = request.prompt;
  if (request.messages !== undefined) {
    // Rendered here, once, so every replica of the pool sees the same prompt text (ORCH-DET-070).
    if (pool.chat_template.render === 'orchestrator') {
      task.prompt = renderChatPrompt(request.messages, pool.chat_template);
    } else {
      task.messages = request.messages;
    }
  }
  if (request.temperature !== undefined) task.temperature = request.temperature;
  if (request.top_p !== undefined) task.top_p = request.top_p;
  if (request.top_k !== undefined) task.top_k = request.top_k;
  if (request.min_p !== undefined) task.min_p = request.min_p;
  if (request.stop !== undefined)
    task.stop = typeof request.stop === 'string' ? [request.stop] : request.stop;
  if (request.deadline_ms !== undefined) task.deadline_ms = request.deadline_ms;
  if (request.response_format !== undefined) task.response_format = request.response_format;
  // Absent means best_effort: adapters that log unknown task fields see the field only when it matters.
  if (request.determinism === 'strict') task.determinism = 'strict';
  return task;
}
