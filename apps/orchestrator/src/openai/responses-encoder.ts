import type { EndEvent, StreamEvent, TaskError } from '@orch/adapter-api';
import { createResponseMessageItem, createResponseObject, responseIds } from './create-response-object.js';
import { encodeSseCommentLine } from './encode-sse-data.js';
import type { OpenAiAnswerContext, OpenAiStreamEncoder } from './openai-answer-context.js';
import { createOpenAiErrorEnvelope } from './openai-error-envelope.js';
import { cancelledAnswerFailure, failureOfErrorEvent } from './terminal-failure.js';

/**
 * Encodes a task as Responses API SSE (`event:` names equal to each event's `type`, a `sequence_number` on
 * each): `response.created`, `response.in_progress`, the message item and its text part, one
 * `response.output_text.delta` per token, their `.done` events and `response.completed` (or
 * `response.incomplete` at the token limit). A failure is `response.failed` then an `error` event whose data
 * also carries `error`, so the official SDK throws rather than keep a truncated response.
 */
export function createResponsesEncoder(context: OpenAiAnswerContext): OpenAiStreamEncoder {
  const ids = responseIds(context.taskId);
  let sequence = 0;
  let text = '';
  let started = false;
  const frame = (type: string, fields: Record<string, unknown>) =>
    `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...fields })}\n\n`;
  const part = (content: string) => ({ type: 'output_text', text: content, annotations: [], logprobs: [] });
  const at = { item_id: ids.message, output_index: 0, content_index: 0 };
  const deltaPrefix = `event: response.output_text.delta\ndata: {"type":"response.output_text.delta","item_id":${JSON.stringify(ids.message)},"output_index":0,"content_index":0,"logprobs":[],"sequence_number":`;

  const encodeStart = () =>
    frame('response.created', { response: createResponseObject(context, { status: 'in_progress' }) }) +
    frame('response.in_progress', { response: createResponseObject(context, { status: 'in_progress' }) }) +
    frame('response.output_item.added', {
      output_index: 0,
      item: createResponseMessageItem(context, undefined, 'in_progress'),
    }) +
    frame('response.content_part.added', { ...at, part: part('') });

  const encodeEnd = (end: EndEvent) => {
    const status = end.finish_reason === 'length' ? 'incomplete' : 'completed';
    return (
      frame('response.output_text.done', { ...at, text, logprobs: [] }) +
      frame('response.content_part.done', { ...at, part: part(text) }) +
      frame('response.output_item.done', {
        output_index: 0,
        item: createResponseMessageItem(context, text, status),
      }) +
      frame(`response.${status}`, { response: createResponseObject(context, { status, text, end }) })
    );
  };

  const encodeFailure = (failure: TaskError) => {
    const { error } = createOpenAiErrorEnvelope(failure);
    const response = createResponseObject(context, {
      status: 'failed',
      failure,
      ...(started ? { text } : {}),
    });
    return (
      frame('response.failed', { response }) +
      frame('error', { code: error.code, message: error.message, param: error.param, error })
    );
  };

  return {
    encodeEvent(event: StreamEvent): string {
      switch (event.type) {
        case 'started':
          started = true;
          return encodeStart();
        case 'token':
          if (event.t.length === 0) return '';
          text += event.t;
          return `${deltaPrefix}${sequence++},"delta":${JSON.stringify(event.t)}}\n\n`;
        case 'metrics':
          return '';
        case 'error':
          return encodeFailure(failureOfErrorEvent(event));
        case 'end':
          return event.finish_reason === 'cancelled'
            ? encodeFailure(cancelledAnswerFailure())
            : encodeEnd(event);
      }
    },
    encodeComment: encodeSseCommentLine,
  };
}
