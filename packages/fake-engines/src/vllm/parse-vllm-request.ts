import { readMessages, renderChatPrompt } from '../core/chat-template.js';
import type { EngineRuntime } from '../core/engine-runtime.js';
import type { FakeRequest } from '../core/fake-request.js';
import { asRecord, readBoolean, readNumber, readString, readStringList } from '../core/json-fields.js';
import { readCompletionPrompt } from '../core/read-completion-prompt.js';
import { tokenize } from '../core/tokenizer.js';
import { randomHex } from '../core/wire-framing.js';
import { type VllmError, vllmError } from './vllm-errors.js';

/** A validated `/v1/completions` or `/v1/chat/completions` request. */
export interface VllmGenerationRequest {
  /** Which route. */
  route: 'completion' | 'chat';
  /** Prompt text (chat: after the template). */
  prompt: string;
  /** Prompt length in tokens. */
  promptTokens: number;
  /** Token budget. */
  maxTokens: number;
  /** Seed in effect (greedy requests use 0 whatever the seed). */
  seed: number;
  /** Stop strings. */
  stop: string[];
  /** Streamed or not. */
  stream: boolean;
  /** `stream_options.include_usage`. */
  includeUsage: boolean;
  /** `stream_options.continuous_usage_stats`. */
  continuousUsage: boolean;
  /** `ignore_eos`. */
  ignoreEos: boolean;
  /** `include_stop_str_in_output`. */
  includeStop: boolean;
  /** The response id (`cmpl-…` / `chatcmpl-…`). */
  id: string;
}

type ParseResult = { ok: true; value: VllmGenerationRequest } | { ok: false; error: VllmError };

const fail = (message: string, param: string | null = null, code = 400): ParseResult => ({
  ok: false,
  error: vllmError(code, message, param),
});

/** Validates a completion or chat request the way vLLM does, with its messages and statuses (specs/engines/vllm.md A.4–A.6). */
export function parseVllmRequest(
  runtime: EngineRuntime,
  request: FakeRequest,
  route: 'completion' | 'chat',
): ParseResult {
  if (request.jsonError !== null) return fail(`JSON decode error: ${request.jsonError}`, 'body');
  const body = asRecord(request.body);
  if (body === null)
    return fail('Input should be a valid dictionary or object to extract fields from', 'body');
  const model = readString(body, 'model');
  if (!model.ok) return fail('model: Input should be a valid string', 'model');
  if (model.value !== undefined && model.value !== '' && model.value !== runtime.model) {
    return fail(`The model \`${model.value}\` does not exist.`, 'model', 404);
  }
  let prompt: string;
  if (route === 'completion') {
    if (body.prompt === undefined) return fail('prompt: Field required', 'prompt');
    const text = readCompletionPrompt(body.prompt);
    if (text === null) return fail('Only a single prompt per request is supported by this fake', 'prompt');
    prompt = text;
  } else {
    const messages = readMessages(body.messages);
    if (messages === null) return fail('messages: Field required or invalid', 'messages');
    prompt = renderChatPrompt(messages);
  }
  const stream = readBoolean(body, 'stream');
  if (!stream.ok) return fail('stream: Input should be a valid boolean', 'stream');
  const streamOptions =
    body.stream_options === undefined || body.stream_options === null ? null : asRecord(body.stream_options);
  if (body.stream_options !== undefined && body.stream_options !== null && streamOptions === null) {
    return fail('stream_options: Input should be a valid dictionary', 'stream_options');
  }
  if (streamOptions !== null && stream.value !== true) {
    return fail('Stream options can only be defined when `stream=True`.', 'stream_options');
  }
  const numbers: Record<string, number | undefined> = {};
  for (const key of ['max_tokens', 'max_completion_tokens', 'seed', 'temperature', 'n']) {
    const read = readNumber(body, key);
    if (!read.ok) return fail(`${key}: Input should be a valid number`, key);
    numbers[key] = read.value;
  }
  if (numbers.n !== undefined && numbers.n !== 1) return fail('Only n=1 is supported by this fake', 'n');
  const stop = readStringList(body, 'stop');
  if (!stop.ok) return fail('stop: Input should be a valid string or list of strings', 'stop');
  const promptTokens = tokenize(prompt, route === 'completion').length;
  if (promptTokens > runtime.contextLength) {
    return fail(
      `This model's maximum context length is ${runtime.contextLength} tokens. However, your request has ${promptTokens} input tokens. Please reduce the length of the input messages.`,
      'input_tokens',
    );
  }
  const requested =
    route === 'chat' ? (numbers.max_completion_tokens ?? numbers.max_tokens) : numbers.max_tokens;
  const maxTokens = requested ?? (route === 'completion' ? 16 : runtime.contextLength - promptTokens);
  if (!Number.isInteger(maxTokens) || maxTokens < 1) {
    return fail(`max_tokens must be at least 1, got ${maxTokens}.`, 'max_tokens');
  }
  if (maxTokens > runtime.contextLength - promptTokens) {
    return fail(
      `'max_tokens' or 'max_completion_tokens' is too large: ${maxTokens}. This model's maximum context length is ${runtime.contextLength} tokens and your request has ${promptTokens} input tokens (${maxTokens} > ${runtime.contextLength} - ${promptTokens}).`,
      'max_tokens',
    );
  }
  const ignoreEos = readBoolean(body, 'ignore_eos');
  const includeStop = readBoolean(body, 'include_stop_str_in_output');
  const requestId = readString(body, 'request_id');
  const prefix = route === 'chat' ? 'chatcmpl' : 'cmpl';
  return {
    ok: true,
    value: {
      route,
      prompt,
      promptTokens,
      maxTokens,
      seed: numbers.temperature === 0 ? 0 : runtime.seedFor(numbers.seed),
      stop: stop.value ?? [],
      stream: stream.value === true,
      includeUsage: streamOptions !== null && streamOptions.include_usage !== false,
      continuousUsage: streamOptions !== null && streamOptions.continuous_usage_stats === true,
      ignoreEos: ignoreEos.ok && ignoreEos.value === true,
      includeStop: includeStop.ok && includeStop.value === true,
      id: `${prefix}-${requestId.ok && requestId.value !== undefined ? requestId.value : randomHex()}`,
    },
  };
}
