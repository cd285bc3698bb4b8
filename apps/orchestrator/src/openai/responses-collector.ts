import { createAnswerCollector } from './create-answer-collector.js';
import { createResponseObject } from './create-response-object.js';
import type { OpenAiAnswerCollector, OpenAiAnswerContext } from './openai-answer-context.js';

/** Collects a task into one Responses API `response` (`incomplete` when the token limit cut it). */
export function createResponsesCollector(context: OpenAiAnswerContext): OpenAiAnswerCollector {
  return createAnswerCollector(context, ({ text, end }) =>
    createResponseObject(context, {
      status: end.finish_reason === 'length' ? 'incomplete' : 'completed',
      text,
      end,
    }),
  );
}
