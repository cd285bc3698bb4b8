import { readFileSync } from 'node:fs';
import type { FixtureChunk, FixtureReply, FixtureRoute } from '@orch/adapter-utils/testing';

/**
 * Names of the Triton exchanges in `__fixtures__/`: streams recorded from `@orch/fake-engines` (Triton's
 * framing: `data: ` with a space, keys in alphabetical order, no `[DONE]`), the TensorRT-LLM quirks of specs/engines/cross-engine.md E.5
 * switched on in the fake (`delta-quirks`: lost leading spaces, U+FFFD per byte, `is_final`), an accumulated
 * (`accumulate_tokens`) stream derived from the delta one, and errors written from specs/engines/triton.md C.1, C.3 and C.7.
 */
export type TritonFixtureName =
  | 'generate-stream-accumulated.sse'
  | 'generate-stream-delta-eos.sse'
  | 'generate-stream-delta-length.sse'
  | 'generate-stream-delta-quirks.sse'
  | 'generate-stream-delta-stop-words.sse'
  | 'generate-stream-error.sse'
  | 'http-400-no-available-versions.json'
  | 'http-400-prompt-too-long.json'
  | 'http-400-unknown-model.json'
  | 'metrics.txt'
  | 'model-config-random-seed.json'
  | 'model-config-seed.json'
  | 'server-metadata.json';

/** The text of a fixture file. */
export function readTritonFixture(name: TritonFixtureName): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

/** The headers of `generate_stream` (specs/engines/triton.md C.1). */
export const TRITON_SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8' };

/** A JSON fixture as a reply with the given status. */
export function jsonFixtureReply(name: TritonFixtureName, status = 200): FixtureReply {
  return { status, headers: { 'content-type': 'application/json' }, body: readTritonFixture(name) };
}

/** The events of a stream fixture, each with its blank line. */
export function splitTritonEvents(name: TritonFixtureName): string[] {
  return readTritonFixture(name).split(/(?<=\n\n)/);
}

/** A stream fixture replayed event by event, or as `chunks`. */
export function streamFixtureReply(name: TritonFixtureName, chunks?: readonly FixtureChunk[]): FixtureReply {
  return { headers: TRITON_SSE_HEADERS, chunks: chunks ?? splitTritonEvents(name) };
}

/** The `text_output` of every response of a stream fixture. */
export function readTextOutputs(name: TritonFixtureName): string[] {
  return splitTritonEvents(name)
    .map((event) => event.trim())
    .filter((event) => event.startsWith('data: '))
    .map((event) => (JSON.parse(event.slice('data: '.length)) as { text_output?: string }).text_output ?? '');
}

/** The routes of a ready Triton with a `random_seed` ensemble streaming the delta eos stream. */
export function createTritonRoutes(model = 'ensemble'): Record<string, FixtureRoute> {
  return {
    'GET /v2': jsonFixtureReply('server-metadata.json'),
    'GET /v2/health/ready': { status: 200, body: '' },
    'GET /v2/health/live': { status: 200, body: '' },
    [`GET /v2/models/${model}/ready`]: { status: 200, body: '' },
    [`GET /v2/models/${model}/config`]: jsonFixtureReply('model-config-random-seed.json'),
    [`POST /v2/models/${model}/generate_stream`]: streamFixtureReply('generate-stream-delta-eos.sse'),
    'GET /metrics': { headers: { 'content-type': 'text/plain' }, body: readTritonFixture('metrics.txt') },
  };
}
