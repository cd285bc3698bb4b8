import type { EngineRuntime } from '../core/engine-runtime.js';
import type { FakeRequest } from '../core/fake-request.js';
import { asRecord } from '../core/json-fields.js';
import { tokenize } from '../core/tokenizer.js';
import type { TritonFakeOptions } from './triton-fake-options.js';
import { tritonInputNames } from './triton-model-repository.js';

/** A validated generate request for the TRT-LLM ensemble (specs/engines/triton.md C.1, C.2). */
export interface TritonGenerationRequest {
  /** Echoed `id`, when the request set one. */
  id: string | undefined;
  /** `text_input`. */
  textInput: string;
  /** Prompt tokens. */
  promptTokens: number;
  /** `max_tokens`. */
  maxTokens: number;
  /** Seed from the configured seed input (the other name is an ignored parameter). */
  seed: number;
  /** `stop_words`. */
  stopWords: string[];
  /** `stream` input. */
  stream: boolean;
  /** `exclude_input_in_output` (false: non-streamed output starts with the prompt). */
  excludeInput: boolean;
}

/** Result of {@link parseTritonRequest}: a request or a Triton error message (status 400). */
export type TritonParseResult = { ok: true; value: TritonGenerationRequest } | { ok: false; message: string };

function readStopWords(value: unknown): string[] | null {
  if (value === undefined || value === null || value === '') return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
    return value.filter((item) => item !== '');
  return null;
}

/**
 * Maps the JSON body to inputs as Triton's `ConvertGenerateRequest` does: top-level keys and keys inside
 * `parameters` that match an input name become inputs; every other key is a request parameter, ignored here.
 */
export function parseTritonRequest(
  runtime: EngineRuntime,
  options: TritonFakeOptions,
  model: string,
  request: FakeRequest,
): TritonParseResult {
  if (request.jsonError !== null)
    return { ok: false, message: `failed to parse the request JSON buffer: ${request.jsonError}` };
  const body = asRecord(request.body);
  if (body === null) return { ok: false, message: 'generate request must be a JSON object' };
  const names = new Set(tritonInputNames(options));
  const inputs: Record<string, unknown> = {};
  const parameters = asRecord(body.parameters) ?? {};
  for (const [key, value] of [...Object.entries(parameters), ...Object.entries(body)]) {
    if (names.has(key)) inputs[key] = value;
  }
  const missing = ['text_input', 'max_tokens'].filter((name) => inputs[name] === undefined);
  if (missing.length > 0) {
    const got = Object.keys(inputs).map((name) => `'${name}'`);
    return {
      ok: false,
      message: `[request id: <id_unknown>] expected ${Object.keys(inputs).length + missing.length} inputs but got ${got.length} inputs for model '${model}'. Got input(s) [${got.join(',')}], but missing required input(s) [${missing.map((name) => `'${name}'`).join(',')}]. Please provide all required input(s).`,
    };
  }
  if (typeof inputs.text_input !== 'string') {
    return {
      ok: false,
      message: "Unable to parse 'text_input': attempt to access JSON non-string as string",
    };
  }
  const maxTokens = inputs.max_tokens;
  if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 0) {
    return { ok: false, message: "Unable to parse 'max_tokens': expected an integer" };
  }
  const stopWords = readStopWords(inputs.stop_words);
  if (stopWords === null)
    return { ok: false, message: "Unable to parse 'stop_words': expected string or list of strings" };
  const seedName = options.seedInputName ?? 'random_seed';
  const seedValue = inputs[seedName];
  if (
    seedValue !== undefined &&
    (typeof seedValue !== 'number' || !Number.isInteger(seedValue) || seedValue < 0)
  ) {
    return { ok: false, message: `Unable to parse '${seedName}': expected an unsigned integer` };
  }
  const greedy = inputs.top_k === 1 || inputs.temperature === 0;
  const id = typeof body.id === 'string' ? body.id : undefined;
  return {
    ok: true,
    value: {
      id,
      textInput: inputs.text_input,
      promptTokens: tokenize(inputs.text_input, true).length,
      maxTokens,
      seed: greedy ? 0 : runtime.seedFor(typeof seedValue === 'number' ? seedValue : undefined),
      stopWords,
      stream: inputs.stream === true,
      excludeInput: inputs.exclude_input_in_output === true,
    },
  };
}
