import type { StreamEvent } from '@orch/adapter-api';
import { encodeSseCommentLine, encodeSseData, SSE_DONE } from './encode-sse-data.js';
import { encodeStreamFailure } from './encode-stream-failure.js';
import { mapOpenAiFinishReason } from './map-openai-finish-reason.js';
import type { OpenAiAnswerContext, OpenAiStreamEncoder } from './openai-answer-context.js';
import { createOpenAiUsage } from './openai-usage.js';
import { cancelledAnswerFailure, failureOfErrorEvent } from './terminal-failure.js';

/** The answer id of a text completion, derived from the task id. */
export function textCompletionId(taskId: string): string {
  return `cmpl-${taskId}`;
}

/**
 * Encodes a task as `text_completion` SSE chunks: one id and `created`, `finish_reason` on the last choice
 * chunk, the usage chunk (`choices: []`) when asked, then `[DONE]`; a failure is `data: {"error": …}` then
 * `[DONE]`.
 */
export function createTextCompletionEncoder(context: OpenAiAnswerContext): OpenAiStreamEncoder {
  const head = `{"id":${JSON.stringify(textCompletionId(context.taskId))},"object":"text_completion","created":${context.created},"model":${JSON.stringify(context.model)},"choices":`;
  const tokenPrefix = `data: ${head}[{"index":0,"text":`;
  const tokenSuffix = ',"logprobs":null,"finish_reason":null}]}\n\n';
  const chunk = (choices: string, extra = '') => encodeSseData(`${head}${choices}${extra}}`);
  return {
    encodeEvent(event: StreamEvent): string {
      switch (event.type) {
        case 'started':
        case 'metrics':
          return '';
        case 'token':
          return event.t.length === 0 ? '' : `${tokenPrefix}${JSON.stringify(event.t)}${tokenSuffix}`;
        case 'error':
          return encodeStreamFailure(failureOfErrorEvent(event));
        case 'end': {
          if (event.finish_reason === 'cancelled') return encodeStreamFailure(cancelledAnswerFailure());
          const reason = JSON.stringify(mapOpenAiFinishReason(event.finish_reason));
          let text = chunk(`[{"index":0,"text":"","logprobs":null,"finish_reason":${reason}}]`);
          if (context.includeUsage)
            text += chunk('[]', `,"usage":${JSON.stringify(createOpenAiUsage(event))}`);
          return text + SSE_DONE;
        }
      }
    },
    encodeComment: encodeSseCommentLine,
  };
}
