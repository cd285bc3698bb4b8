import { readFileSync } from 'node:fs';
import type { FixtureChunk, FixtureReply, FixtureRoute } from '@orch/adapter-utils/testing';

/**
 * Names of the exchanges in `__fixtures__/`: `llamacpp-*` recorded from a real llama-server's OAI routes
 * (b11669, the tiny test model), `openai-*` written from OpenAI's API reference (the shapes its SSE stream and
 * error bodies have; no traffic to api.openai.com can be recorded here).
 */
export type OpenAiFixtureName =
  | 'llamacpp-chat-stream.sse'
  | 'llamacpp-completions-stream.sse'
  | 'llamacpp-http-400-exceed-context.json'
  | 'llamacpp-http-404-not-found.json'
  | 'llamacpp-models.json'
  | 'llamacpp-props.json'
  | 'llamacpp-tokenize-chat.json'
  | 'llamacpp-tokenize.json'
  | 'openai-chat-stream-content-filter.sse'
  | 'openai-chat-stream.sse'
  | 'openai-http-400-context-length.json'
  | 'openai-http-401-invalid-key.json'
  | 'openai-http-404-model-not-found.json'
  | 'openai-http-429-rate-limit.json'
  | 'openai-models.json';

/** The model path the llama-server fixtures were recorded with. */
export const LLAMACPP_FIXTURE_MODEL = '/work/main/.cache/models/tiny-llama-s0-fd103a2a8bc69664.gguf';

/** The text of a fixture file. */
export function readOpenAiFixture(name: OpenAiFixtureName): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

/** Headers of a llama-server stream (specs/engines/llamacpp.md D.1). */
export const LLAMACPP_SSE_HEADERS = {
  'content-type': 'text/event-stream',
  server: 'llama.cpp',
  'x-accel-buffering': 'no',
};

/** Headers of an OpenAI stream. */
export const OPENAI_SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  server: 'cloudflare',
};

/** A JSON fixture as a reply with the given status and headers. */
export function jsonFixtureReply(
  name: OpenAiFixtureName,
  status = 200,
  headers: Record<string, string> = {},
): FixtureReply {
  const server = name.startsWith('llamacpp-') ? 'llama.cpp' : 'cloudflare';
  return {
    status,
    headers: { 'content-type': 'application/json', server, ...headers },
    body: readOpenAiFixture(name),
  };
}

/** The events of a stream fixture, each with its blank-line terminator. */
export function splitStreamFixture(name: OpenAiFixtureName): string[] {
  return readOpenAiFixture(name).split(/(?<=\n\n)/);
}

/** A stream fixture replayed event by event, or as the given chunks of it. */
export function streamFixtureReply(name: OpenAiFixtureName, chunks?: readonly FixtureChunk[]): FixtureReply {
  const headers = name.startsWith('llamacpp-') ? LLAMACPP_SSE_HEADERS : OPENAI_SSE_HEADERS;
  return { headers, chunks: chunks ?? splitStreamFixture(name) };
}

const notFound = jsonFixtureReply('llamacpp-http-404-not-found.json', 404);

/** The OAI routes of a healthy llama-server (no `/version`; `/props` has `build_info`). */
export function createLlamaServerRoutes(): Record<string, FixtureRoute> {
  return {
    'GET /version': notFound,
    'GET /props': jsonFixtureReply('llamacpp-props.json'),
    'GET /v1/models': jsonFixtureReply('llamacpp-models.json'),
    'POST /tokenize': (request) =>
      jsonFixtureReply(
        typeof request.json === 'object' && request.json !== null && 'messages' in request.json
          ? 'llamacpp-tokenize-chat.json'
          : 'llamacpp-tokenize.json',
      ),
    'POST /v1/completions': streamFixtureReply('llamacpp-completions-stream.sse'),
    'POST /v1/chat/completions': streamFixtureReply('llamacpp-chat-stream.sse'),
  };
}

const openAiNotFound: FixtureReply = {
  status: 404,
  headers: { 'content-type': 'application/json', server: 'cloudflare' },
  body: '{"error":{"message":"Invalid URL (GET /version)","type":"invalid_request_error","param":null,"code":null}}',
};

/** The routes of api.openai.com as the adapter sees them: no `/version`, `/props` or `/tokenize`. */
export function createOpenAiRoutes(): Record<string, FixtureRoute> {
  return {
    'GET /version': openAiNotFound,
    'GET /props': openAiNotFound,
    'POST /tokenize': openAiNotFound,
    'GET /v1/models': jsonFixtureReply('openai-models.json'),
    'POST /v1/chat/completions': streamFixtureReply('openai-chat-stream.sse'),
  };
}

/** The concatenated deltas of a recorded stream: the text a client must receive. */
export function readStreamFixtureText(name: OpenAiFixtureName): string {
  return splitStreamFixture(name)
    .map((event) => event.trim())
    .filter((event) => event.startsWith('data: {'))
    .map((event) => JSON.parse(event.slice('data: '.length)) as { choices?: unknown[] })
    .flatMap((chunk) => chunk.choices ?? [])
    .map((choice) => {
      const { text, delta } = choice as { text?: string; delta?: { content?: string | null } };
      return text ?? delta?.content ?? '';
    })
    .join('');
}
