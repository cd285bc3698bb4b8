import { readFileSync } from 'node:fs';
import type { FixtureChunk, FixtureReply, FixtureRoute } from '@orch/adapter-utils/testing';

/**
 * Names of the TGI exchanges in `__fixtures__/`: streams recorded from `@orch/fake-engines` (which follows
 * specs/engines/tgi.md byte for byte: `data:` without a space, no `[DONE]`, empty `text` for incomplete characters)
 * and error events written by hand from specs/engines/tgi.md B.2 and B.8.
 */
export type TgiFixtureName =
  | 'chat-tokenize.json'
  | 'generate-stream-context-error.sse'
  | 'generate-stream-eos.sse'
  | 'generate-stream-generation-error.sse'
  | 'generate-stream-length.sse'
  | 'generate-stream-overloaded.sse'
  | 'generate-stream-stop-sequence.sse'
  | 'generate-stream-truncated.sse'
  | 'generate-stream-validation-error.sse'
  | 'health-unhealthy.json'
  | 'info-legacy.json'
  | 'info.json'
  | 'metrics.txt'
  | 'tokenize.json';

/** The text of a fixture file. */
export function readTgiFixture(name: TgiFixtureName): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

/** The headers TGI sends with `/generate_stream` (axum `Sse`, specs/engines/tgi.md B.1). */
export const TGI_SSE_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
};

const JSON_HEADERS = { 'content-type': 'application/json' };

/** A JSON fixture as a reply with the given status. */
export function jsonFixtureReply(name: TgiFixtureName, status = 200): FixtureReply {
  return { status, headers: JSON_HEADERS, body: readTgiFixture(name) };
}

/** The events of a stream fixture, each with its blank line. */
export function splitTgiEvents(name: TgiFixtureName): string[] {
  return readTgiFixture(name).split(/(?<=\n\n)/);
}

/** A stream fixture replayed event by event (always HTTP 200, as TGI answers even for errors), or as `chunks`. */
export function streamFixtureReply(name: TgiFixtureName, chunks?: readonly FixtureChunk[]): FixtureReply {
  return { headers: TGI_SSE_HEADERS, chunks: chunks ?? splitTgiEvents(name) };
}

/** The routes of a healthy TGI router answering `/generate_stream` with the recorded `length` stream. */
export function createTgiRoutes(): Record<string, FixtureRoute> {
  return {
    'GET /health': { status: 200, body: '' },
    'GET /info': jsonFixtureReply('info.json'),
    'GET /metrics': { headers: { 'content-type': 'text/plain' }, body: readTgiFixture('metrics.txt') },
    'POST /tokenize': jsonFixtureReply('tokenize.json'),
    'POST /chat_tokenize': jsonFixtureReply('chat-tokenize.json'),
    'POST /generate_stream': streamFixtureReply('generate-stream-length.sse'),
  };
}

/** `generated_text` of a stream fixture's final event: the text a client must receive (stop strings aside). */
export function readGeneratedText(name: TgiFixtureName): string {
  const last = splitTgiEvents(name)
    .map((event) => event.trim())
    .filter((event) => event.startsWith('data:'))
    .at(-1);
  const parsed = JSON.parse((last ?? 'data:{}').slice('data:'.length)) as { generated_text?: unknown };
  if (typeof parsed.generated_text !== 'string') throw new Error(`${name} has no generated_text`);
  return parsed.generated_text;
}
