import type { StreamEvent, StructuredOutputResult, Task } from '@orch/adapter-api';
import type { Logger } from '../logging/logger.js';
import { compileResponseFormat } from './compile-response-format.js';

/** Characters of output kept for the check; beyond this the output is reported invalid, not buffered. */
export const MAX_CHECKED_OUTPUT_CHARS = 4 * 1024 * 1024;

/** Passes every event of a task's stream through, adding the structured-output result to its `end`. */
export type StructuredOutputCheck = (event: StreamEvent) => StreamEvent;

function judge(text: string, check: ReturnType<typeof compileResponseFormat>): StructuredOutputResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = text.trim().length === 0 ? 'empty output' : (error as Error).message;
    return { valid: false, errors: [`not JSON: ${reason}`] };
  }
  const errors = check(value);
  return errors.length === 0 ? { valid: true } : { valid: false, errors };
}

/** The check of a task without `response_format`: one shared function instead of one per task. */
const passEventThrough: StructuredOutputCheck = (event) => event;

/**
 * The orchestrator's check of structured output (ORCH-API-023): for a task with `response_format`, the text
 * of its token events is accumulated (at most {@link MAX_CHECKED_OUTPUT_CHARS} characters) and, at `end`,
 * parsed as JSON and validated against the format; the result goes into `end.structured_output` and a log
 * line. Tasks without `response_format` get the identity: nothing is kept.
 */
export function createStructuredOutputCheck(task: Task, logger: Logger): StructuredOutputCheck {
  const format = task.response_format;
  if (format === undefined) return passEventThrough;
  const check = compileResponseFormat(format); // validated at admission, so this is the cached validator
  const pieces: string[] = [];
  let length = 0;
  let overflow = false;
  return (event) => {
    if (event.type === 'token' && !overflow) {
      length += event.t.length;
      if (length > MAX_CHECKED_OUTPUT_CHARS) {
        overflow = true;
        pieces.length = 0;
      } else {
        pieces.push(event.t);
      }
    }
    if (event.type !== 'end') return event;
    const result: StructuredOutputResult = overflow
      ? { valid: false, errors: [`output over ${MAX_CHECKED_OUTPUT_CHARS} characters was not checked`] }
      : judge(pieces.join(''), check);
    logger.info('structured output checked', { valid: result.valid, errors: result.errors });
    return { ...event, structured_output: result };
  };
}
