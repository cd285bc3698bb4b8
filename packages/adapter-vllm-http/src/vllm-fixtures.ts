import { readFileSync } from 'node:fs';
import type { FixtureChunk, FixtureReply, FixtureRoute } from '@orch/adapter-utils/testing';

/** Names of the recorded (or faithfully written) vLLM exchanges in `__fixtures__/`. */
export type VllmFixtureName =
  | 'chat-stream-length.sse'
  | 'completions-stream-abort.sse'
  | 'completions-stream-empty-text.sse'
  | 'completions-stream-eos.sse'
  | 'completions-stream-error.sse'
  | 'completions-stream-length.sse'
  | 'completions-stream-null-usage.sse'
  | 'completions-stream-stop-string.sse'
  | 'completions-stream-truncated.sse'
  | 'http-400-context-length-flat.json'
  | 'http-400-context-length.json'
  | 'http-400-max-tokens.json'
  | 'http-401-unauthorized.json'
  | 'http-404-unknown-model-flat.json'
  | 'http-404-unknown-model.json'
  | 'metrics-legacy.txt'
  | 'metrics.txt'
  | 'models.json'
  | 'tokenize-chat.json'
  | 'tokenize.json'
  | 'version.json';

/** The model the fixtures were recorded with. */
export const FIXTURE_MODEL = 'meta-llama/Llama-3.1-8B-Instruct';

/** The text of a fixture file. */
export function readVllmFixture(name: VllmFixtureName): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

/** The headers vLLM (uvicorn) sends with a stream (specs/engines/vllm.md A.1, A.7). */
export const VLLM_SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', server: 'uvicorn' };

const JSON_HEADERS = { 'content-type': 'application/json', server: 'uvicorn' };

/** A JSON fixture as a reply with the given status. */
export function jsonFixtureReply(name: VllmFixtureName, status = 200): FixtureReply {
  return { status, headers: JSON_HEADERS, body: readVllmFixture(name) };
}

/** The events of a stream fixture, each with its blank-line terminator. */
export function splitStreamFixture(name: VllmFixtureName): string[] {
  return readVllmFixture(name).split(/(?<=\n\n)/);
}

/** A stream fixture replayed event by event, or as the given chunks of it. */
export function streamFixtureReply(name: VllmFixtureName, chunks?: readonly FixtureChunk[]): FixtureReply {
  return { headers: VLLM_SSE_HEADERS, chunks: chunks ?? splitStreamFixture(name) };
}

/** The routes of a healthy vLLM server answering completions with the `length` stream. */
export function createVllmRoutes(): Record<string, FixtureRoute> {
  return {
    'GET /health': { status: 200, headers: { server: 'uvicorn' }, body: '' },
    'GET /version': jsonFixtureReply('version.json'),
    'GET /v1/models': jsonFixtureReply('models.json'),
    'GET /metrics': {
      headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' },
      body: readVllmFixture('metrics.txt'),
    },
    'POST /tokenize': jsonFixtureReply('tokenize.json'),
    'POST /v1/completions': streamFixtureReply('completions-stream-length.sse'),
    'POST /v1/chat/completions': streamFixtureReply('chat-stream-length.sse'),
  };
}

/** The concatenated deltas (`text` or `delta.content`) of a recorded stream: the text a client must receive. */
export function readStreamFixtureText(name: VllmFixtureName): string {
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
