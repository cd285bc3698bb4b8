import { readMessages, renderChatPrompt } from '../core/chat-template.js';
import type { EngineRuntime } from '../core/engine-runtime.js';
import type { FakeRequest } from '../core/fake-request.js';
import { asRecord, readStringList } from '../core/json-fields.js';
import { tokenize } from '../core/tokenizer.js';
import { normalizeOllamaModelName } from './ollama-model-info.js';

/** A validated `/api/generate` or `/api/chat` request (specs/engines/ollama.md). */
export interface OllamaGenerationRequest {
  /** Which route. */
  route: 'generate' | 'chat';
  /** The requested model name, as given. */
  model: string;
  /** Prompt text (chat: after the template). */
  prompt: string;
  /** True when there is nothing to generate (empty prompt or no messages): a load/unload request. */
  loadOnly: boolean;
  /** Prompt tokens. */
  promptTokens: number;
  /** Token budget (`num_predict`, -1 = up to the context). */
  maxTokens: number;
  /** Seed. */
  seed: number;
  /** Stop strings. */
  stop: string[];
  /** `stream` (default true). */
  stream: boolean;
  /** `keep_alive` is zero: unload after answering. */
  unloadAfter: boolean;
}

/** Result: a request, or an HTTP status with Ollama's `{"error"}` message. */
export type OllamaParseResult =
  | { ok: true; value: OllamaGenerationRequest }
  | { ok: false; status: number; error: string };

const ZERO_KEEP_ALIVE = new Set([0, '0', '0s', '0m']);

/** Validates a generate or chat request with Ollama's messages and statuses. */
export function parseOllamaRequest(
  runtime: EngineRuntime,
  request: FakeRequest,
  route: 'generate' | 'chat',
): OllamaParseResult {
  if (request.bodyText.trim().length === 0) return { ok: false, status: 400, error: 'missing request body' };
  if (request.jsonError !== null) return { ok: false, status: 400, error: request.jsonError };
  const body = asRecord(request.body);
  if (body === null)
    return { ok: false, status: 400, error: 'json: cannot unmarshal into Go value of type api.Request' };
  const model = typeof body.model === 'string' ? body.model : typeof body.name === 'string' ? body.name : '';
  if (model === '') return { ok: false, status: 400, error: 'model is required' };
  if (normalizeOllamaModelName(model) !== normalizeOllamaModelName(runtime.model)) {
    return { ok: false, status: 404, error: `model "${model}" not found, try pulling it first` };
  }
  const options = asRecord(body.options) ?? {};
  for (const key of ['seed', 'num_predict', 'temperature', 'top_k', 'top_p', 'num_ctx']) {
    const value = options[key];
    if (value !== undefined && value !== null && typeof value !== 'number') {
      return {
        ok: false,
        status: 400,
        error: `option "${key}" must be of type ${key === 'temperature' || key === 'top_p' ? 'float' : 'integer'}`,
      };
    }
  }
  const stop = readStringList(options, 'stop');
  if (!stop.ok) return { ok: false, status: 400, error: 'option "stop" must be of type array' };
  let prompt: string;
  let loadOnly: boolean;
  if (route === 'chat') {
    const messages = body.messages === undefined || body.messages === null ? [] : readMessages(body.messages);
    if (messages === null) return { ok: false, status: 400, error: 'invalid message format' };
    loadOnly = messages.length === 0;
    prompt = renderChatPrompt(messages);
  } else {
    if (body.prompt !== undefined && typeof body.prompt !== 'string') {
      return {
        ok: false,
        status: 400,
        error: 'json: cannot unmarshal into Go struct field GenerateRequest.prompt of type string',
      };
    }
    const system = typeof body.system === 'string' && body.system !== '' ? `${body.system}\n` : '';
    loadOnly = (body.prompt ?? '') === '';
    prompt = system + ((body.prompt as string | undefined) ?? '');
  }
  const promptTokens = tokenize(prompt, true).length;
  const numPredict = typeof options.num_predict === 'number' ? options.num_predict : -1;
  const numCtx = typeof options.num_ctx === 'number' ? options.num_ctx : runtime.contextLength;
  const maxTokens = numPredict < 0 ? Math.max(1, numCtx - promptTokens) : numPredict;
  return {
    ok: true,
    value: {
      route,
      model,
      prompt,
      loadOnly,
      promptTokens,
      maxTokens,
      seed: options.temperature === 0 ? 0 : runtime.seedFor(options.seed as number | undefined),
      stop: stop.value ?? [],
      stream: body.stream !== false,
      unloadAfter: ZERO_KEEP_ALIVE.has(body.keep_alive as never),
    },
  };
}
