import type { FakeEngineKind } from '../fake-engine-kind.js';

/** How the cross-engine tests drive one engine's streaming route. */
export interface EngineProfile {
  /** Engine. */
  kind: FakeEngineKind;
  /** Streaming route. */
  streamPath: string;
  /** Body asking for `maxTokens` streamed tokens. */
  streamBody: (maxTokens: number, seed?: number) => Record<string, unknown>;
  /** Non-streamed route and body (where `httpStatus` shows as a real status). */
  plainPath: string;
  /** Non-streamed body. */
  plainBody: (maxTokens: number) => Record<string, unknown>;
  /** Number of token-bearing events in a raw stream body. */
  countTokenEvents: (body: string) => number;
  /** Text of the content carried by one event line/payload ('' if none). */
  eventText: (payload: Record<string, unknown>) => string;
  /** `sse` or `ndjson`. */
  framing: 'sse' | 'ndjson';
}

function ssePayloads(body: string): Array<Record<string, unknown>> {
  return body
    .split('\n\n')
    .filter((event) => event.startsWith('data:'))
    .map((event) => event.slice(5).trimStart())
    .filter((data) => data !== '[DONE]')
    .map((data) => JSON.parse(data) as Record<string, unknown>);
}

function ndjsonPayloads(body: string): Array<Record<string, unknown>> {
  return body
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Parses a raw stream body into its JSON payloads. */
export function streamPayloads(profile: EngineProfile, body: string): Array<Record<string, unknown>> {
  return profile.framing === 'sse' ? ssePayloads(body) : ndjsonPayloads(body);
}

/** One profile per engine. */
export const ENGINE_PROFILES: readonly EngineProfile[] = [
  {
    kind: 'vllm',
    streamPath: '/v1/completions',
    streamBody: (maxTokens, seed = 1) => ({
      prompt: 'Hello',
      max_tokens: maxTokens,
      seed,
      stream: true,
      ignore_eos: true,
    }),
    plainPath: '/v1/completions',
    plainBody: (maxTokens) => ({ prompt: 'Hello', max_tokens: maxTokens }),
    countTokenEvents: (body) =>
      ssePayloads(body).filter((payload) => Array.isArray(payload.choices) && payload.choices.length > 0)
        .length,
    eventText: (payload) =>
      String((payload.choices as Array<{ text?: string }> | undefined)?.[0]?.text ?? ''),
    framing: 'sse',
  },
  {
    kind: 'tgi',
    streamPath: '/generate_stream',
    streamBody: (maxTokens, seed = 1) => ({
      inputs: 'Hello',
      parameters: { max_new_tokens: maxTokens, do_sample: true, seed },
    }),
    plainPath: '/generate',
    plainBody: (maxTokens) => ({ inputs: 'Hello', parameters: { max_new_tokens: maxTokens } }),
    countTokenEvents: (body) => ssePayloads(body).filter((payload) => 'token' in payload).length,
    eventText: (payload) => String((payload.token as { text?: string } | undefined)?.text ?? ''),
    framing: 'sse',
  },
  {
    kind: 'triton',
    streamPath: '/v2/models/ensemble/generate_stream',
    streamBody: (maxTokens, seed = 1) => ({
      text_input: 'Hello',
      max_tokens: maxTokens,
      random_seed: seed,
      stream: true,
    }),
    plainPath: '/v2/models/ensemble/generate',
    plainBody: (maxTokens) => ({ text_input: 'Hello', max_tokens: maxTokens }),
    countTokenEvents: (body) => ssePayloads(body).filter((payload) => 'text_output' in payload).length,
    eventText: (payload) => String(payload.text_output ?? ''),
    framing: 'sse',
  },
  {
    kind: 'ollama',
    streamPath: '/api/generate',
    streamBody: (maxTokens, seed = 1) => ({
      model: 'llama3.2:1b',
      prompt: 'Hello',
      options: { num_predict: maxTokens, seed },
    }),
    plainPath: '/api/generate',
    plainBody: (maxTokens) => ({
      model: 'llama3.2:1b',
      prompt: 'Hello',
      stream: false,
      options: { num_predict: maxTokens },
    }),
    countTokenEvents: (body) => ndjsonPayloads(body).filter((payload) => payload.done === false).length,
    eventText: (payload) => String(payload.response ?? ''),
    framing: 'ndjson',
  },
  {
    kind: 'llamacpp',
    streamPath: '/completion',
    streamBody: (maxTokens, seed = 1) => ({ prompt: 'Hello', n_predict: maxTokens, seed, stream: true }),
    plainPath: '/completion',
    plainBody: (maxTokens) => ({ prompt: 'Hello', n_predict: maxTokens }),
    countTokenEvents: (body) => ssePayloads(body).filter((payload) => payload.stop === false).length,
    eventText: (payload) => String(payload.content ?? ''),
    framing: 'sse',
  },
];
