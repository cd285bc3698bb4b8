import { type AdapterProperties, SAMPLER_PROFILE_VERSION } from '@orch/adapter-api';
import {
  type EngineClient,
  type OpenAiEngineVersion,
  openAiModelListSchema,
  pickServedModelCard,
  readModelContextSize,
  readModelDigest,
} from '@orch/adapter-utils';

/**
 * Reads what the replica is (OC-ADAPT-6000, 6010): the engine version (from the tracker: the server's own
 * report) and the model card of `GET <prefix>/models`: its id, context size (`max_model_len`, `meta.n_ctx`,
 * `context_length`…) and weights digest where the server exposes one. OpenAI-compatible servers report no
 * slot count.
 */
export async function readOpenAiProperties(
  client: EngineClient,
  options: {
    modelsPath: string;
    timeoutMs: number;
    servedModel: string;
    samplerProfile: boolean;
    structuredOutput: boolean;
  },
  readVersion: () => Promise<OpenAiEngineVersion>,
): Promise<AdapterProperties> {
  const [version, models] = await Promise.all([
    readVersion(),
    client.requestJson(openAiModelListSchema, {
      path: options.modelsPath,
      timeoutMs: options.timeoutMs,
      what: `${options.modelsPath} answer`,
    }),
  ]);
  const card = pickServedModelCard(models, options.servedModel);
  const properties: AdapterProperties = {
    engine: 'openai',
    engine_version: version.version,
    model: card?.id ?? options.servedModel,
    capabilities: { structured_output: options.structuredOutput },
  };
  if (options.samplerProfile) properties.sampler_profile_version = SAMPLER_PROFILE_VERSION;
  const contextSize = card === undefined ? undefined : readModelContextSize(card);
  if (contextSize !== undefined) properties.context_size = contextSize;
  const digest = card === undefined ? undefined : readModelDigest(card);
  if (digest !== undefined) properties.model_digest = digest;
  const extra: Record<string, string | number | boolean> = {
    engine_version_source: version.source,
    model_listed: card !== undefined,
    models_served: models.data.length,
  };
  if (typeof card?.owned_by === 'string') extra.owned_by = card.owned_by;
  properties.extra = extra;
  return properties;
}
