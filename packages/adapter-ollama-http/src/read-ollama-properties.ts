import { type AdapterProperties, SAMPLER_PROFILE_VERSION } from '@orch/adapter-api';
import type { EngineClient } from '@orch/adapter-utils';
import { isSameOllamaModel } from './normalize-ollama-model-name.js';
import {
  type OllamaPs,
  type OllamaTags,
  ollamaPsSchema,
  ollamaTagsSchema,
  ollamaVersionSchema,
} from './ollama-api-types.js';

/** `GET /api/version` → the version string (F). */
export async function readOllamaVersion(client: EngineClient, timeoutMs: number, signal?: AbortSignal) {
  const answer = await client.requestJson(ollamaVersionSchema, {
    path: '/api/version',
    timeoutMs,
    what: '/api/version answer',
    ...(signal === undefined ? {} : { signal }),
  });
  return answer.version;
}

/** `GET /api/tags`: the pulled models (F). */
export function readOllamaTags(
  client: EngineClient,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<OllamaTags> {
  return client.requestJson(ollamaTagsSchema, {
    path: '/api/tags',
    timeoutMs,
    what: '/api/tags answer',
    ...(signal === undefined ? {} : { signal }),
  });
}

/** `GET /api/ps`: the loaded models (F). */
export function readOllamaPs(client: EngineClient, timeoutMs: number): Promise<OllamaPs> {
  return client.requestJson(ollamaPsSchema, { path: '/api/ps', timeoutMs, what: '/api/ps answer' });
}

/** The `/api/tags` entry of a model, if it is pulled. */
export function findTaggedModel(tags: OllamaTags, model: string) {
  return tags.models.find(
    (entry) => isSameOllamaModel(entry.name, model) || isSameOllamaModel(entry.model ?? '', model),
  );
}

/**
 * What the replica is (F): `/api/version` → `engine_version`; the model's `/api/tags` entry → `model_digest`
 * (the sha256 of its manifest) and `extra` (family, parameter size, quantisation, format); the context size is
 * the configured `num_ctx`, else the loaded runner's `context_length` from `/api/ps` (newer Ollama). Ollama
 * does not expose its parallel slots (`OLLAMA_NUM_PARALLEL`), so slots are absent.
 */
export function toOllamaProperties(facts: {
  version: string;
  model: string;
  tags: OllamaTags;
  ps: OllamaPs | undefined;
  numCtx: number | undefined;
}): AdapterProperties {
  const properties: AdapterProperties = {
    engine: 'ollama',
    engine_version: facts.version,
    model: facts.model,
    sampler_profile_version: SAMPLER_PROFILE_VERSION,
    capabilities: { structured_output: true }, // `format` (F)
  };
  const tagged = findTaggedModel(facts.tags, facts.model);
  const loaded = facts.ps?.models.find((entry) => isSameOllamaModel(entry.name, facts.model));
  if (tagged?.digest) properties.model_digest = tagged.digest;
  const contextSize = facts.numCtx ?? loaded?.context_length;
  if (contextSize !== undefined) properties.context_size = contextSize;
  const extra: Record<string, string | number | boolean> = {
    pulled: tagged !== undefined,
    loaded: loaded !== undefined,
  };
  const details = tagged?.details;
  if (details?.family) extra.family = details.family;
  if (details?.parameter_size) extra.parameter_size = details.parameter_size;
  if (details?.quantization_level) extra.quantization_level = details.quantization_level;
  if (details?.format) extra.format = details.format;
  if (tagged?.size !== undefined) extra.size_bytes = tagged.size;
  properties.extra = extra;
  return properties;
}
