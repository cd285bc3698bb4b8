import { createAnswerCollector } from './create-answer-collector.js';
import { mapOpenAiFinishReason } from './map-openai-finish-reason.js';
import type { OpenAiAnswerCollector, OpenAiAnswerContext } from './openai-answer-context.js';
import { createOpenAiUsage } from './openai-usage.js';
import { textCompletionId } from './text-completion-encoder.js';

/** Collects a task into one `text_completion` object with `usage`. */
export function createTextCompletionCollector(context: OpenAiAnswerContext): OpenAiAnswerCollector {
  return createAnswerCollector(context, ({ text, end }) => ({
    id: textCompletionId(context.taskId),
    object: 'text_completion',
    created: context.created,
    model: context.model,
    choices: [{ text, index: 0, logprobs: null, finish_reason: mapOpenAiFinishReason(end.finish_reason) }],
    usage: createOpenAiUsage(end),
  }));
}
