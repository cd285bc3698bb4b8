import { readFileSync } from 'node:fs';
import type { FixtureChunk, FixtureReply, FixtureRoute } from '@orch/adapter-utils/testing';
import { llamaCppStreamChunkSchema } from './llamacpp-api-types.js';

/** Names of the recorded (or faithfully written) llama-server exchanges in `__fixtures__/`. */
export type LlamaCppFixtureName =
  | 'apply-template.json'
  | 'completion-nonstream-limit.json'
  | 'completion-stream-eos.sse'
  | 'completion-stream-error.sse'
  | 'completion-stream-limit.sse'
  | 'completion-stream-truncated.sse'
  | 'completion-stream-word.sse'
  | 'health-ok.json'
  | 'http-400-exceed-context-size.json'
  | 'http-400-invalid-request.json'
  | 'http-404-not-found.json'
  | 'http-503-loading.json'
  | 'metrics.txt'
  | 'props.json'
  | 'slots-busy.json'
  | 'slots-idle.json'
  | 'tokenize.json';

/** The text of a fixture file. */
export function readLlamaCppFixture(name: LlamaCppFixtureName): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

/** The headers llama-server sends with a stream (specs/engines/llamacpp.md D.1). */
export const LLAMACPP_SSE_HEADERS = {
  'content-type': 'text/event-stream',
  server: 'llama.cpp',
  'x-accel-buffering': 'no',
};

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', server: 'llama.cpp' };

/** A JSON fixture as a reply with the given status. */
export function jsonFixtureReply(name: LlamaCppFixtureName, status = 200): FixtureReply {
  return { status, headers: JSON_HEADERS, body: readLlamaCppFixture(name) };
}

/** A stream fixture replayed event by event, or as the given chunks of it. */
export function streamFixtureReply(
  name: LlamaCppFixtureName,
  chunks?: readonly FixtureChunk[],
): FixtureReply {
  const text = readLlamaCppFixture(name);
  return {
    headers: LLAMACPP_SSE_HEADERS,
    chunks: chunks ?? text.split(/(?<=\n\n)/),
  };
}

/** The routes of a healthy tiny-model llama-server, answering `/completion` with the `limit` stream. */
export function createLlamaCppRoutes(): Record<string, FixtureRoute> {
  return {
    'GET /health': jsonFixtureReply('health-ok.json'),
    'GET /props': jsonFixtureReply('props.json'),
    'GET /slots': jsonFixtureReply('slots-idle.json'),
    'GET /metrics': {
      headers: { 'content-type': 'text/plain; version=0.0.4' },
      body: readLlamaCppFixture('metrics.txt'),
    },
    'POST /tokenize': jsonFixtureReply('tokenize.json'),
    'POST /apply-template': jsonFixtureReply('apply-template.json'),
    'POST /completion': streamFixtureReply('completion-stream-limit.sse'),
  };
}

/** The concatenated `content` of a recorded stream, i.e. the text a client must receive. */
export function readStreamFixtureText(name: LlamaCppFixtureName): string {
  return readLlamaCppFixture(name)
    .split('\n\n')
    .filter((event) => event.startsWith('data: '))
    .map((event) => llamaCppStreamChunkSchema.safeParse(JSON.parse(event.slice('data: '.length))))
    .map((parsed) => (parsed.success ? parsed.data.content : ''))
    .join('');
}
