import type { AdapterProperties } from '@orch/adapter-api';
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
 * Version of the way this adapter turns task sampling fields into vLLM sampling parameters (OC-ADAPT-5030):
 * the task's seed (or `deriveSeed(task_id)`) per request, `top_k: 0` sent as `-1`, fields the task leaves
 * unset left to vLLM (the model's `generation_config.json`, then OpenAI defaults, A.5). Bumped whenever that
 * mapping changes, so that answers recorded under one profile are not compared with another's.
 */
export const VLLM_SAMPLER_PROFILE = 'vllm-openai-sampling/1';

/** Reads the engine version (`GET /version`, A.7; see `discoverOpenAiEngineVersion` for the fallbacks). */
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
