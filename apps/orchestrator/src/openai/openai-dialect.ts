import { createChatCompletionCollector } from './chat-completion-collector.js';
import { createChatCompletionEncoder } from './chat-completion-encoder.js';
import { convertChatCompletionsRequest } from './convert-chat-completions-request.js';
import { convertCompletionsRequest } from './convert-completions-request.js';
import { convertResponsesRequest } from './convert-responses-request.js';
import type { ConvertedOpenAiRequest } from './converted-openai-request.js';
import type {
  OpenAiAnswerCollector,
  OpenAiAnswerContext,
  OpenAiStreamEncoder,
} from './openai-answer-context.js';
import { createResponsesCollector } from './responses-collector.js';
import { createResponsesEncoder } from './responses-encoder.js';
import { createTextCompletionCollector } from './text-completion-collector.js';
import { createTextCompletionEncoder } from './text-completion-encoder.js';

/** One OpenAI-compatible route: how its body becomes a task, and how the task's events become its answer. */
export interface OpenAiDialect {
  /** A bounded label for logs and metrics (`chat_completions`, `completions`, `responses`). */
  name: 'chat_completions' | 'completions' | 'responses';
  /** Parses the raw body and converts it to a native task request; throws a TaskError refusal. */
  convertRequest(rawBody: string): ConvertedOpenAiRequest;
  /** The encoder of a streamed answer (one per task). */
  createEncoder(context: OpenAiAnswerContext): OpenAiStreamEncoder;
  /** The collector of a non-streamed answer (one per task). */
  createCollector(context: OpenAiAnswerContext): OpenAiAnswerCollector;
}

/** `POST /v1/chat/completions`. */
export const CHAT_COMPLETIONS_DIALECT: OpenAiDialect = {
  name: 'chat_completions',
  convertRequest: convertChatCompletionsRequest,
  createEncoder: createChatCompletionEncoder,
  createCollector: createChatCompletionCollector,
};

/** `POST /v1/completions`. */
export const COMPLETIONS_DIALECT: OpenAiDialect = {
  name: 'completions',
  convertRequest: convertCompletionsRequest,
  createEncoder: createTextCompletionEncoder,
  createCollector: createTextCompletionCollector,
};

/** `POST /v1/responses` (stateless). */
export const RESPONSES_DIALECT: OpenAiDialect = {
  name: 'responses',
  convertRequest: convertResponsesRequest,
  createEncoder: createResponsesEncoder,
  createCollector: createResponsesCollector,
};
