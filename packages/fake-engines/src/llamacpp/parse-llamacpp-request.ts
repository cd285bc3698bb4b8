import { readMessages, renderChatPrompt } from '../core/chat-template.js';
import type { EngineRuntime } from '../core/engine-runtime.js';
import type { FakeRequest } from '../core/fake-request.js';
import { asRecord, readBoolean, readNumber, readStringList } from '../core/json-fields.js';
import { readCompletionPrompt } from '../core/read-completion-prompt.js';
import { tokenize } from '../core/tokenizer.js';
import { type LlamaCppError, llamaCppError } from './llamacpp-errors.js';

/** Which llama-server route a request came in on. */
export type LlamaCppRoute = 'native' | 'oai-completion' | 'oai-chat';

/** A validated completion request (specs/engines/llamacpp.md D.2, D.3). */
export interface LlamaCppGenerationRequest {
  /** Route. */
  route: LlamaCppRoute;
  /** Prompt text (chat: after the template). */
  prompt: string;
  /** Prompt tokens (with BOS). */
  promptTokens: number;
  /** Token budget in effect. */
  maxTokens: number;
  /** `n_predict` as requested (-1 = until the context is full). */
  nPredict: number;
  /** Seed used to generate. */
  seed: number;
  /** `generation_settings.seed`: the configured seed, 4294967295 for the -1 default. */
  reportedSeed: number;
  /** Temperature (0.8 by default). */
  temperature: number;
  /** Stop strings. */
  stop: string[];
  /** Streamed or not. */
  stream: boolean;
  /** `ignore_eos`. */
  ignoreEos: boolean;
  /** `id_slot` (-1 = any). */
  idSlot: number;
  /** `return_tokens` (native, non-streamed: fill `tokens`). */
  returnTokens: boolean;
  /** OAI `stream_options.include_usage`. */
  includeUsage: boolean;
}

type ParseResult = { ok: true; value: LlamaCppGenerationRequest } | { ok: false; error: LlamaCppError };

const invalid = (message: string): ParseResult => ({ ok: false, error: llamaCppError(400, message) });
// specs/engines/llamacpp.md D.5: runtime_error (and JSON errors) become 500 server_error.
const runtimeError = (message: string): ParseResult => ({ ok: false, error: llamaCppError(500, message) });

/** Validates a native or OAI completion request with llama-server's statuses and messages. */
export function parseLlamaCppRequest(
  runtime: EngineRuntime,
  request: FakeRequest,
  route: LlamaCppRoute,
): ParseResult {
  if (request.jsonError !== null)
    return runtimeError(`[json.exception.parse_error.101] parse error: ${request.jsonError}`);
  const body = asRecord(request.body);
  if (body === null) return runtimeError('[json.exception.type_error.302] type must be object');
  let prompt: string;
  if (route === 'oai-chat') {
    const messages = readMessages(body.messages);
    if (messages === null) return invalid("'messages' is required");
    prompt = renderChatPrompt(messages);
  } else {
    if (body.prompt === undefined) return invalid('"prompt" must be provided');
    const text = readCompletionPrompt(body.prompt);
    if (text === null) return invalid('fake-engines: only a single prompt per request is faked');
    prompt = text;
  }
  if (route !== 'native') {
    if (body.echo === true) return runtimeError('Only no echo is supported');
    for (const key of ['best_of', 'suffix'])
      if (body[key] !== undefined) return runtimeError(`Unsupported param: ${key}`);
    if (body.n !== undefined && body.n !== 1) return invalid('Only one completion choice is allowed');
  }
  const numbers: Record<string, number | undefined> = {};
  for (const key of ['n_predict', 'max_tokens', 'max_completion_tokens', 'seed', 'temperature', 'id_slot']) {
    const read = readNumber(body, key);
    if (!read.ok) return invalid(`"${key}" must be a number`);
    numbers[key] = read.value;
  }
  const stop = readStringList(body, 'stop');
  const promptTokens = tokenize(prompt, true).length;
  if (promptTokens >= runtime.contextLength) {
    return {
      ok: false,
      error: {
        ...llamaCppError(
          400,
          'the request exceeds the available context size, try increasing it',
          'exceed_context_size_error',
        ),
        extra: { n_prompt_tokens: promptTokens, n_ctx: runtime.contextLength },
      },
    };
  }
  const nPredict = numbers.n_predict ?? numbers.max_completion_tokens ?? numbers.max_tokens ?? -1;
  const room = runtime.contextLength - promptTokens;
  const maxTokens = nPredict < 0 ? room : Math.min(nPredict, room);
  const temperature = numbers.temperature ?? 0.8;
  const requestedSeed = numbers.seed ?? -1;
  const seed = temperature <= 0 ? 0 : runtime.seedFor(requestedSeed < 0 ? undefined : requestedSeed);
  const streamOptions = asRecord(body.stream_options);
  const stream = readBoolean(body, 'stream');
  return {
    ok: true,
    value: {
      route,
      prompt,
      promptTokens,
      maxTokens,
      nPredict,
      seed,
      reportedSeed: requestedSeed < 0 ? 4294967295 : requestedSeed,
      temperature,
      stop: stop.ok ? (stop.value ?? []) : [],
      stream: stream.ok && stream.value === true,
      ignoreEos: body.ignore_eos === true,
      idSlot: numbers.id_slot ?? -1,
      returnTokens: body.return_tokens === true,
      includeUsage: streamOptions?.include_usage === true,
    },
  };
}
