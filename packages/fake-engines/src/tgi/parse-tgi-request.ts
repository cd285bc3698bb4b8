import type { EngineRuntime } from '../core/engine-runtime.js';
import type { FakeRequest } from '../core/fake-request.js';
import { asRecord } from '../core/json-fields.js';
import { tokenize } from '../core/tokenizer.js';
import { type TgiError, tgiValidationError } from './tgi-errors.js';
import type { TgiFakeOptions } from './tgi-fake-options.js';

/** A validated `GenerateRequest` (specs/engines/tgi.md B.1). */
export interface TgiGenerationRequest {
  /** The prompt. */
  inputs: string;
  /** Prompt tokens. */
  inputTokens: number;
  /** Token budget. */
  maxNewTokens: number;
  /** Seed reported in details (null when greedy). */
  reportedSeed: number | null;
  /** Seed used to generate. */
  seed: number;
  /** Stop sequences. */
  stop: string[];
  /** `parameters.details`. */
  details: boolean;
  /** `parameters.return_full_text`. */
  returnFullText: boolean;
  /** The body's `stream` flag (used by `POST /`). */
  stream: boolean;
}

/** An axum `Json` extractor rejection: plain text, before any TGI logic (specs/engines/tgi.md B.2, [UNCERTAIN] statuses). */
export interface AxumRejection {
  /** 400, 415 or 422. */
  status: number;
  /** Plain-text body. */
  text: string;
}

/** Result of {@link parseTgiRequest}. */
export type TgiParseResult =
  | { kind: 'ok'; value: TgiGenerationRequest }
  | { kind: 'rejected'; rejection: AxumRejection }
  | { kind: 'invalid'; error: TgiError };

const NUMBER_PARAMETERS = [
  'best_of',
  'temperature',
  'repetition_penalty',
  'frequency_penalty',
  'top_k',
  'top_p',
  'typical_p',
  'max_new_tokens',
  'seed',
  'top_n_tokens',
  'truncate',
] as const;

const UNSIGNED_PARAMETERS = new Set([
  'best_of',
  'top_k',
  'max_new_tokens',
  'seed',
  'top_n_tokens',
  'truncate',
]);

function deserializeError(detail: string): TgiParseResult {
  return {
    kind: 'rejected',
    rejection: { status: 422, text: `Failed to deserialize the JSON body into the target type: ${detail}` },
  };
}

/** Applies axum's extractor and TGI's `validation.rs` checks, in that order, with TGI's messages. */
export function parseTgiRequest(
  runtime: EngineRuntime,
  options: TgiFakeOptions,
  request: FakeRequest,
): TgiParseResult {
  const contentType = request.headers['content-type'] ?? '';
  if (!contentType.toLowerCase().startsWith('application/json')) {
    return {
      kind: 'rejected',
      rejection: { status: 415, text: 'Expected request with `Content-Type: application/json`' },
    };
  }
  if (request.jsonError !== null) {
    return {
      kind: 'rejected',
      rejection: { status: 400, text: `Failed to parse the request body as JSON: ${request.jsonError}` },
    };
  }
  const body = asRecord(request.body);
  if (body === null) return deserializeError('invalid type: expected struct GenerateRequest');
  if (typeof body.inputs !== 'string') return deserializeError('missing field `inputs`');
  const hasParameters = body.parameters !== undefined && body.parameters !== null;
  const parameters = hasParameters ? asRecord(body.parameters) : {};
  if (parameters === null)
    return deserializeError('parameters: invalid type, expected struct GenerateParameters');
  const numbers: Partial<Record<(typeof NUMBER_PARAMETERS)[number], number>> = {};
  for (const key of NUMBER_PARAMETERS) {
    const value = parameters[key];
    if (value === undefined || value === null) continue;
    if (
      typeof value !== 'number' ||
      (UNSIGNED_PARAMETERS.has(key) && (!Number.isInteger(value) || value < 0))
    ) {
      return deserializeError(`parameters.${key}: invalid value: ${JSON.stringify(value)}`);
    }
    numbers[key] = value;
  }
  const stopValue = parameters.stop ?? [];
  if (!Array.isArray(stopValue) || !stopValue.every((item) => typeof item === 'string')) {
    return deserializeError('parameters.stop: invalid type, expected a sequence of strings');
  }
  const stop = stopValue as string[];
  const invalid = (message: string): TgiParseResult => ({
    kind: 'invalid',
    error: tgiValidationError(message),
  });
  const { temperature, top_p: topP, typical_p: typicalP, top_k: topK } = numbers;
  if ((numbers.best_of ?? 1) > 2) return invalid('`best_of` must be <= 2');
  if (temperature !== undefined && temperature <= 0)
    return invalid('`temperature` must be strictly positive');
  if (numbers.repetition_penalty !== undefined && numbers.repetition_penalty <= 0) {
    return invalid('`repetition_penalty` must be strictly positive');
  }
  const frequencyPenalty = numbers.frequency_penalty;
  if (frequencyPenalty !== undefined && (frequencyPenalty < -2 || frequencyPenalty > 2)) {
    return invalid('`frequency_penalty` must be >= -2.0 and <= 2.0');
  }
  if (topP !== undefined && (topP <= 0 || topP >= 1)) return invalid('`top_p` must be > 0.0 and < 1.0');
  if (typicalP !== undefined && (typicalP <= 0 || typicalP >= 1))
    return invalid('`typical_p` must be > 0.0 and < 1.0');
  if (topK !== undefined && topK <= 0) return invalid('`top_k` must be strictly positive');
  if (numbers.max_new_tokens === 0) return invalid('`max_new_tokens` must be strictly positive');
  const maxStop = options.maxStopSequences ?? 4;
  if (stop.length > maxStop)
    return invalid(`\`stop\` supports up to ${maxStop} stop sequences. Given: ${stop.length}`);
  if (numbers.seed !== undefined && (numbers.best_of ?? 1) > 1) {
    return invalid('`seed` must not be set when `best_of` is > 1');
  }
  if (body.inputs.length === 0) return invalid('`inputs` cannot be empty');
  const inputTokens = tokenize(body.inputs, true).length;
  const maxTotal = runtime.contextLength;
  const maxInput = options.maxInputTokens ?? Math.floor(maxTotal / 2);
  if (inputTokens > maxInput)
    return invalid(`\`inputs\` must have less than ${maxInput} tokens. Given: ${inputTokens}`);
  const maxNewTokens = numbers.max_new_tokens ?? maxTotal - inputTokens;
  if (inputTokens + maxNewTokens > maxTotal) {
    return invalid(
      `\`inputs\` tokens + \`max_new_tokens\` must be <= ${maxTotal}. Given: ${inputTokens} \`inputs\` tokens and ${maxNewTokens} \`max_new_tokens\``,
    );
  }
  // specs/engines/tgi.md B.1: without `parameters` TGI samples (default_parameters); with them, sampling needs do_sample or a warper.
  const sampling = hasParameters
    ? parameters.do_sample === true ||
      (temperature !== undefined && temperature !== 1) ||
      topK !== undefined ||
      topP !== undefined ||
      typicalP !== undefined
    : true;
  const seed = runtime.seedFor(numbers.seed);
  return {
    kind: 'ok',
    value: {
      inputs: body.inputs,
      inputTokens,
      maxNewTokens,
      reportedSeed: sampling ? seed : null,
      seed: sampling ? seed : 0,
      stop,
      details: parameters.details === true,
      returnFullText: parameters.return_full_text === true,
      stream: body.stream === true,
    },
  };
}
