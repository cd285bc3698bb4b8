import { type AdapterProperties, SAMPLER_PROFILE_VERSION } from '@orch/adapter-api';
import {
  discoverOpenAiEngineVersion,
  type EngineClient,
  type OpenAiEngineVersion,
  openAiModelListSchema,
  pickServedModelCard,
  readModelContextSize,
  readModelDigest,
} from '@orch/adapter-utils';

/**
 * The sampler profile this adapter applies (OC-ADAPT-5030): the contract's `SAMPLER_PROFILE_VERSION`, every
 * sampling parameter sent with every request (the task's own values in place, `top_k: 0` sent as `-1`), so
 * that neither the model's `generation_config.json` nor the OpenAI defaults (specs/engines/vllm.md A.5) reach an answer.
 */
export const VLLM_SAMPLER_PROFILE = SAMPLER_PROFILE_VERSION;

/** Reads the engine version (`GET /version`, specs/engines/vllm.md A.7; see `discoverOpenAiEngineVersion` for the fallbacks). */
export function readVllmVersion(
  client: EngineClient,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<OpenAiEngineVersion> {
  return discoverOpenAiEngineVersion(client, { timeoutMs, ...(signal === undefined ? {} : { signal }) });
}

/**
 * Reads what the replica is from vLLM itself (OC-ADAPT-5020, 5030): the version from `/version`, the served
 * model and its `max_model_len` (the context size) from `/v1/models`. vLLM reports no slot count: its batch
 * size is dynamic (see `readEngineMetrics()` for running and waiting requests).
 */
export async function readVllmProperties(
  client: EngineClient,
  timeoutMs: number,
  servedModel: string,
): Promise<{ properties: AdapterProperties; version: OpenAiEngineVersion }> {
  const [version, models] = await Promise.all([
    readVllmVersion(client, timeoutMs),
    client.requestJson(openAiModelListSchema, { path: '/v1/models', timeoutMs, what: '/v1/models answer' }),
  ]);
  const card = pickServedModelCard(models, servedModel);
  const properties: AdapterProperties = {
    engine: 'vllm',
    engine_version: version.version,
    model: card?.id ?? servedModel,
    sampler_profile_version: SAMPLER_PROFILE_VERSION,
    capabilities: { structured_output: true }, // `response_format` on both routes
  };
  const contextSize = card === undefined ? undefined : readModelContextSize(card);
  if (contextSize !== undefined) properties.context_size = contextSize;
  const digest = card === undefined ? undefined : readModelDigest(card);
  if (digest !== undefined) properties.model_digest = digest;
  const extra: Record<string, string | number | boolean> = {
    engine_version_source: version.source,
    sampler_profile: VLLM_SAMPLER_PROFILE,
    served_models: models.data.map((entry) => entry.id).join(','),
    model_listed: models.data.some((entry) => entry.id === servedModel),
  };
  if (typeof card?.root === 'string') extra.model_root = card.root;
  if (typeof card?.owned_by === 'string') extra.owned_by = card.owned_by;
  properties.extra = extra;
  return { properties, version };
}
