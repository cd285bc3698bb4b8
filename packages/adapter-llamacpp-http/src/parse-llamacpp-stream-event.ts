import type { EngineClient } from '@orch/adapter-utils';
import {
  type LlamaCppStreamChunk,
  type LlamaCppStreamEvent,
  llamaCppStreamEventSchema,
} from './llamacpp-api-types.js';

const WHAT = '/completion stream event';

function isOptionalCount(value: unknown): boolean {
  return value === undefined || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0);
}

function isOptional(value: unknown, type: 'string' | 'boolean'): boolean {
  return value === undefined || typeof value === type;
}

/**
 * The common partial chunk (`stop: false`, no `timings`, no `error`; specs/engines/llamacpp.md D.2), checked by hand field by field
 * against the rules of `llamaCppStreamChunkSchema`. It accepts a subset of what the schema accepts; anything
 * else (the final chunk, an error event, a partial with `timings`, any field of the wrong type) gets
 * `undefined` and goes through the schema, which then decides and names what is wrong.
 */
function asPartialChunk(json: unknown): LlamaCppStreamChunk | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const chunk = json as Record<string, unknown>;
  if (typeof chunk.content !== 'string' || chunk.stop !== false) return undefined;
  if (chunk.error !== undefined || chunk.timings !== undefined) return undefined;
  if (!isOptionalCount(chunk.tokens_predicted) || !isOptionalCount(chunk.tokens_evaluated)) return undefined;
  if (!isOptional(chunk.stop_type, 'string') || !isOptional(chunk.stopping_word, 'string')) return undefined;
  if (!isOptional(chunk.truncated, 'boolean')) return undefined;
  return chunk as LlamaCppStreamChunk;
}

/**
 * Parses and validates one `data:` event of a streamed `/completion`. Partial chunks, one per token and so
 * the hot path, are checked by a hand-written test of the fields the adapter reads (a zod union with loose
 * objects costs about a microsecond per token); every other event, and any chunk that fails the quick check,
 * is validated by {@link llamaCppStreamEventSchema}, so bad input still fails with the schema's
 * `engine_protocol_error`.
 */
export function parseLlamaCppStreamEvent(client: EngineClient, data: string): LlamaCppStreamEvent {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    // Not JSON: the schema path below reports it.
  }
  const chunk = asPartialChunk(json);
  if (chunk !== undefined) return { kind: 'chunk', chunk };
  return client.parseJson(llamaCppStreamEventSchema, data, WHAT);
}
