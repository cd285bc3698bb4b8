import type { EndEvent, TaskError } from '@orch/adapter-api';
import type { OpenAiAnswerContext } from './openai-answer-context.js';

/** The id of a Responses API answer and of its one message item, derived from the task id. */
export function responseIds(taskId: string): { response: string; message: string } {
  return { response: `resp_${taskId}`, message: `msg_${taskId}` };
}

/** Where a response stands, and what it holds so far. */
export interface ResponseState {
  status: 'in_progress' | 'completed' | 'incomplete' | 'failed';
  /** The text generated so far; absent while no output item exists. */
  text?: string;
  /** The `end` event of a finished response (usage, finish reason). */
  end?: EndEvent;
  /** The failure of a failed response. */
  failure?: TaskError;
}

/** The message item holding a response's text. */
export function createResponseMessageItem(
  context: OpenAiAnswerContext,
  text: string | undefined,
  status: 'in_progress' | 'completed' | 'incomplete',
) {
  return {
    id: responseIds(context.taskId).message,
    type: 'message',
    status,
    role: 'assistant',
    content: text === undefined ? [] : [{ type: 'output_text', text, annotations: [], logprobs: [] }],
  };
}

/** A Responses API `response` object as the stream's events and the non-streamed answer carry it. */
export function createResponseObject(context: OpenAiAnswerContext, state: ResponseState) {
  const itemStatus = state.status === 'failed' ? 'incomplete' : state.status;
  const end = state.end;
  const inputTokens = end?.tokens_in ?? null;
  const outputTokens = end?.tokens_out ?? null;
  return {
    id: responseIds(context.taskId).response,
    object: 'response',
    created_at: context.created,
    status: state.status,
    model: context.model,
    output: state.text === undefined ? [] : [createResponseMessageItem(context, state.text, itemStatus)],
    error: state.failure === undefined ? null : { code: state.failure.code, message: state.failure.message },
    incomplete_details: state.status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    usage:
      end === undefined
        ? null
        : {
            input_tokens: inputTokens,
            output_tokens: outputTokens,
            total_tokens: inputTokens !== null && outputTokens !== null ? inputTokens + outputTokens : null,
          },
    parallel_tool_calls: false,
    tool_choice: 'none',
    tools: [],
    store: false,
    metadata: {},
  };
}
