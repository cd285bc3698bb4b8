import { type EndEvent, type StreamEvent, TaskError } from '@orch/adapter-api';
import type { OpenAiAnswerCollector, OpenAiAnswerContext } from './openai-answer-context.js';
import { describeOpenAiError } from './openai-error-envelope.js';
import { cancelledAnswerFailure, failureOfErrorEvent } from './terminal-failure.js';

/** A task that ended well: all its text and its `end` event. */
export interface CollectedAnswer {
  text: string;
  end: EndEvent;
}

/**
 * Collects a task's events into one answer, formatted by `format` when the task ended with `end`. Any failure
 * (an `error` event, a cancelled end, or events that stop without a terminal one) is the error envelope with
 * the status the taxonomy gives: a truncated answer is never returned as complete.
 */
export function createAnswerCollector(
  context: OpenAiAnswerContext,
  format: (answer: CollectedAnswer) => unknown,
): OpenAiAnswerCollector {
  const pieces: string[] = [];
  let end: EndEvent | undefined;
  let failure: TaskError | undefined;
  return {
    accept(event: StreamEvent): void {
      if (end !== undefined || failure !== undefined) return;
      if (event.type === 'token') pieces.push(event.t);
      else if (event.type === 'error') failure = failureOfErrorEvent(event);
      else if (event.type === 'end') {
        if (event.finish_reason === 'cancelled') failure = cancelledAnswerFailure();
        else end = event;
      }
    },
    result() {
      if (end !== undefined) {
        return {
          status: 200,
          body: format({ text: pieces.join(''), end }),
          headers: { 'content-type': 'application/json; charset=utf-8' },
        };
      }
      const reason =
        failure ?? new TaskError('stream_truncated', 'The task stream ended before its final event.');
      const beforeAnyToken = pieces.length === 0;
      return describeOpenAiError(reason, {
        retriedByOrchestrator: beforeAnyToken && context.isRetriedByOrchestrator?.(reason) === true,
      });
    },
  };
}
