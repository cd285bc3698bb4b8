import type { GenerationPlan, PlannedToken } from '../core/generation-plan.js';
import type { TritonGenerationRequest } from './parse-triton-request.js';
import type { TritonFakeOptions } from './triton-fake-options.js';

const FLOAT_OUTPUTS = new Set(['context_logits', 'cum_log_probs', 'generation_logits', 'output_log_probs']);

function formatValue(key: string, value: unknown): string {
  if (typeof value === 'number' && FLOAT_OUTPUTS.has(key))
    return Number.isInteger(value) ? value.toFixed(1) : String(value);
  return JSON.stringify(value);
}

/**
 * Serialises a generate response as Triton does: keys in alphabetical order (a `std::map`), single-element
 * tensors unwrapped to scalars, float outputs written with a decimal point (specs/engines/triton.md C.1).
 */
export function serializeTritonResponse(fields: Record<string, unknown>): string {
  const keys = Object.keys(fields).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${formatValue(key, fields[key])}`).join(',')}}`;
}

/** The output tensors and response parameters of one TRT-LLM response. */
export function tritonResponseFields(
  model: string,
  request: TritonGenerationRequest,
  options: TritonFakeOptions,
  textOutput: string,
  final: boolean,
): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    batch_index: 0,
    context_logits: 0,
    cum_log_probs: 0,
    generation_logits: 0,
    model_name: model,
    model_version: '1',
    output_log_probs: 0,
    sequence_end: false,
    sequence_id: 0,
    sequence_start: false,
    text_output: textOutput,
  };
  if (request.id !== undefined) fields.id = request.id;
  if (options.isFinalOutput === true) fields.is_final = final;
  return fields;
}

/**
 * Streamed text of one token with the TRT-LLM postprocessing problems switched on or off (specs/engines/cross-engine.md E.5): per-token
 * decode gives `"�"` for partial characters and loses SentencePiece leading spaces.
 */
export function tritonTokenText(token: PlannedToken, options: TritonFakeOptions): string {
  let text = options.replacementChars === true ? token.isolatedText : token.text;
  if (options.dropLeadingSpaces === true) text = text.replace(/^ /, '');
  return text;
}

/** The text of a single (non-streamed) response: the prompt first unless `exclude_input_in_output` (specs/engines/triton.md C.2). */
export function tritonFullText(request: TritonGenerationRequest, plan: GenerationPlan): string {
  return request.excludeInput ? plan.text : request.textInput + plan.text;
}
