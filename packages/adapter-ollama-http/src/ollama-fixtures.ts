import { readFileSync } from 'node:fs';
import type { FixtureChunk, FixtureReply, FixtureRoute } from '@orch/adapter-utils/testing';

/**
 * Names of the Ollama exchanges in `__fixtures__/`: answers recorded from `@orch/fake-engines` (Ollama's
 * NDJSON lines in Go's field order, nanosecond durations), an error line and the 0.1.x final line without
 * `done_reason` derived from them, and error bodies from F.
 */
export type OllamaFixtureName =
  | 'chat-stream-length.ndjson'
  | 'generate-load.json'
  | 'generate-stream-error.ndjson'
  | 'generate-stream-length.ndjson'
  | 'generate-stream-no-done-reason.ndjson'
  | 'generate-stream-stop.ndjson'
  | 'http-404-model-not-found.json'
  | 'http-503-server-busy.json'
  | 'ps-empty.json'
  | 'ps.json'
  | 'tags.json'
  | 'version.json';

/** The text of a fixture file. */
export function readOllamaFixture(name: OllamaFixtureName): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

/** A JSON fixture as a reply with the given status. */
export function jsonFixtureReply(name: OllamaFixtureName, status = 200): FixtureReply {
  return { status, headers: JSON_HEADERS, body: readOllamaFixture(name) };
}

/** The lines of a stream fixture, each with its newline. */
export function splitOllamaLines(name: OllamaFixtureName): string[] {
  return readOllamaFixture(name).split(/(?<=\n)/);
}

/** A stream fixture replayed line by line (`application/x-ndjson`), or as `chunks`. */
export function streamFixtureReply(name: OllamaFixtureName, chunks?: readonly FixtureChunk[]): FixtureReply {
  return { headers: { 'content-type': 'application/x-ndjson' }, chunks: chunks ?? splitOllamaLines(name) };
}

/** The text a client must receive from a stream fixture: every `response` / `message.content` joined. */
export function readStreamedText(name: OllamaFixtureName): string {
  return splitOllamaLines(name)
    .map((line) => JSON.parse(line) as { response?: string; message?: { content?: string } })
    .map((line) => line.response ?? line.message?.content ?? '')
    .join('');
}

/** The routes of an Ollama server with `llama3.2:1b` pulled and loaded. */
export function createOllamaRoutes(): Record<string, FixtureRoute> {
  return {
    'GET /': { body: 'Ollama is running' },
    'GET /api/version': jsonFixtureReply('version.json'),
    'GET /api/tags': jsonFixtureReply('tags.json'),
    'GET /api/ps': jsonFixtureReply('ps.json'),
    'POST /api/generate': streamFixtureReply('generate-stream-stop.ndjson'),
    'POST /api/chat': streamFixtureReply('chat-stream-length.ndjson'),
  };
}
