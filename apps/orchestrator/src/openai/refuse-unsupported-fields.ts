import { z } from 'zod';
import { OpenAiRequestError } from './openai-request-error.js';

/** A body field the pipeline cannot honour, and the values of it that change nothing (sent by some clients). */
export interface UnsupportedField {
  field: string;
  /** True for a value that asks for nothing special (`n: 1`, `tools: []`, `logprobs: false`). */
  isHarmless: (value: unknown) => boolean;
  /** Why it is refused, for the message. */
  reason: string;
}

const isEmpty = (value: unknown) =>
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'object' && value !== null && Object.keys(value).length === 0);

/** Helpers for the tables of each dialect. */
export const harmless = {
  never: () => false,
  whenOne: (value: unknown) => value === 1,
  whenFalse: (value: unknown) => value === false,
  whenZero: (value: unknown) => value === 0,
  whenEmpty: isEmpty,
  whenNone: (value: unknown) => value === 'none' || isEmpty(value),
  whenTextOnly: (value: unknown) => Array.isArray(value) && value.every((item) => item === 'text'),
};

/** Fields of chat and text completions that change the answer and that the task pipeline cannot honour. */
export const COMPLETION_UNSUPPORTED_FIELDS: readonly UnsupportedField[] = [
  { field: 'n', isHarmless: harmless.whenOne, reason: 'one choice per request is supported (n: 1)' },
  { field: 'best_of', isHarmless: harmless.whenOne, reason: 'best_of is not supported' },
  { field: 'logprobs', isHarmless: harmless.whenFalse, reason: 'log probabilities are not supported' },
  { field: 'top_logprobs', isHarmless: harmless.whenZero, reason: 'log probabilities are not supported' },
  { field: 'echo', isHarmless: harmless.whenFalse, reason: 'echo is not supported' },
  { field: 'suffix', isHarmless: harmless.never, reason: 'suffix (insertion) is not supported' },
  { field: 'logit_bias', isHarmless: harmless.whenEmpty, reason: 'logit_bias is not supported' },
  { field: 'presence_penalty', isHarmless: harmless.whenZero, reason: 'presence_penalty is not supported' },
  { field: 'frequency_penalty', isHarmless: harmless.whenZero, reason: 'frequency_penalty is not supported' },
  { field: 'tools', isHarmless: harmless.whenEmpty, reason: 'tool calls are not supported yet' },
  { field: 'tool_choice', isHarmless: harmless.whenNone, reason: 'tool calls are not supported yet' },
  { field: 'functions', isHarmless: harmless.whenEmpty, reason: 'function calls are not supported' },
  { field: 'function_call', isHarmless: harmless.whenNone, reason: 'function calls are not supported' },
  { field: 'audio', isHarmless: harmless.never, reason: 'audio output is not supported' },
  { field: 'modalities', isHarmless: harmless.whenTextOnly, reason: 'only text output is supported' },
  { field: 'prediction', isHarmless: harmless.never, reason: 'predicted outputs are not supported' },
  { field: 'web_search_options', isHarmless: harmless.never, reason: 'web search is not supported' },
  { field: 'reasoning_effort', isHarmless: harmless.never, reason: 'reasoning_effort is not supported' },
];

/** Refuses the first field of `table` present in `body` with a value that is not harmless. */
export function refuseUnsupportedFields(
  body: Record<string, unknown>,
  table: readonly UnsupportedField[],
): void {
  for (const entry of table) {
    const value = body[entry.field];
    if (value === undefined || entry.isHarmless(value)) continue;
    throw new OpenAiRequestError(entry.field, `Unsupported parameter "${entry.field}": ${entry.reason}.`);
  }
}

/** Schema entries for a table's fields: taken as they are, checked by {@link refuseUnsupportedFields}. */
export function declareUnsupportedFields(
  table: readonly UnsupportedField[],
): Record<string, z.ZodOptional<z.ZodUnknown>> {
  return Object.fromEntries(table.map((entry) => [entry.field, z.unknown().optional()]));
}
