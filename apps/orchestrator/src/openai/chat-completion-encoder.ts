import type { StreamEvent } from '@orch/adapter-api';
import { encodeSseCommentLine, encodeSseData, SSE_DONE } from './encode-sse-data.js';
import { encodeStreamFailure } from './encode-stream-failure.js';
import { mapOpenAiFinishReason } from './map-openai-finish-reason.js';
import type { OpenAiAnswerContext, OpenAiStreamEncoder } from './openai-answer-context.js';
import { createOpenAiUsage } from './openai-usage.js';
import { cancelledAnswerFailure, failureOfErrorEvent } from './terminal-failure.js';

/** The answer id of a chat completion, derived from the task id. */
export function chatCompletionId(taskId: string): string {
  return `chatcmpl-${taskId}`;
}

/**
 * Encodes a task as `chat.completion.chunk` SSE: one id and `created` for the stream, `role: "assistant"` on
 * the first delta, `finish_reason` on the last choice chunk, the usage chunk (`choices: []`) when asked, then
 * `[DONE]`. A failure is `data: {"error": …}` then `[DONE]`, so clients throw instead of returning a
 * truncated answer. Token chunks are framed from a prefix made once: one string concatenation per token.
 */
export function createChatCompletionEncoder(context: OpenAiAnswerContext): OpenAiStreamEncoder {
  const head = `{"id":${JSON.stringify(chatCompletionId(context.taskId))},"object":"chat.completion.chunk","created":${context.created},"model":${JSON.stringify(context.model)},"choices":`;
  const tokenPrefix = `data: ${head}[{"index":0,"delta":{"content":`;
  const tokenSuffix = '},"logprobs":null,"finish_reason":null}]}\n\n';
  const chunk = (choices: string, extra = '') => encodeSseData(`${head}${choices}${extra}}`);
  return {
    encodeEvent(event: StreamEvent): string {
      switch (event.type) {
        case 'started':
          return chunk(
            '[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]',
          );
        case 'token':
          return event.t.length === 0 ? '' : `${tokenPrefix}${JSON.stringify(event.t)}${tokenSuffix}`;
        case 'metrics':
          return '';
        case 'error':
          return encodeStreamFailure(failureOfErrorEvent(event));
        case 'end': {
          if (event.finish_reason === 'cancelled') return encodeStreamFailure(cancelledAnswerFailure());
          const reason = JSON.stringify(mapOpenAiFinishReason(event.finish_reason));
          let text = chunk(`[{"index":0,"delta":{},"logprobs":null,"finish_reason":${reason}}]`);
          if (context.includeUsage)
            text += chunk('[]', `,"usage":${JSON.stringify(createOpenAiUsage(event))}`);
          return text + SSE_DONE;
        }
      }
    },
    encodeComment: encodeSseCommentLine,
  };
}
