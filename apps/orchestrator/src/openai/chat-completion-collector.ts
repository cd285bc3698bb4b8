import { chatCompletionId } from './chat-completion-encoder.js';
import { createAnswerCollector } from './create-answer-collector.js';
import { mapOpenAiFinishReason } from './map-openai-finish-reason.js';
import type { OpenAiAnswerCollector, OpenAiAnswerContext } from './openai-answer-context.js';
import { createOpenAiUsage } from './openai-usage.js';

/** Collects a task into one `chat.completion` object with `usage`. */
export function createChatCompletionCollector(context: OpenAiAnswerContext): OpenAiAnswerCollector {
  return createAnswerCollector(context, ({ text, end }) => ({
    id: chatCompletionId(context.taskId),
    object: 'chat.completion',
    created: context.created,
    model: context.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text, refusal: null },
        logprobs: null,
        finish_reason: mapOpenAiFinishReason(end.finish_reason),
      },
    ],
    usage: createOpenAiUsage(end),
  }));
}
