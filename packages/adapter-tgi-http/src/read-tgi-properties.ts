import { type AdapterProperties, SAMPLER_PROFILE_VERSION } from '@orch/adapter-api';
import type { EngineClient } from '@orch/adapter-utils';
import { type TgiInfo, tgiInfoSchema } from './tgi-api-types.js';

/** Reads and validates `GET /info` (specs/engines/tgi.md B.3). */
export function readTgiInfo(client: EngineClient, timeoutMs: number, signal?: AbortSignal): Promise<TgiInfo> {
  return client.requestJson(tgiInfoSchema, {
    path: '/info',
    timeoutMs,
    what: '/info answer',
    ...(signal === undefined ? {} : { signal }),
  });
}

function collectExtras(info: TgiInfo): Record<string, string | number | boolean> {
  const extra: Record<string, string | number | boolean> = {};
  const maxInput = info.max_input_tokens ?? info.max_input_length;
  if (maxInput !== undefined) extra.max_input_tokens = maxInput;
  if (info.max_stop_sequences !== undefined) extra.max_stop_sequences = info.max_stop_sequences;
  if (info.max_best_of !== undefined) extra.max_best_of = info.max_best_of;
  if (info.model_pipeline_tag) extra.model_pipeline_tag = info.model_pipeline_tag;
  if (info.model_dtype) extra.model_dtype = info.model_dtype;
  if (info.router !== undefined) extra.router = info.router;
  if (info.sha) extra.sha = info.sha;
  if (info.docker_label) extra.docker_label = info.docker_label;
  return extra;
}

/**
 * What the replica is, from `/info` (OC-ADAPT-5040, 5050): `version` as the engine version, `model_id` and
 * `model_sha` (the Hub commit of the weights) as model and digest, `max_total_tokens` (prompt + generated) as
 * the context size, and `max_concurrent_requests` as the slots: TGI batches continuously and answers
 * `overloaded` beyond that many requests. Free slots are not exposed by TGI, so `slots_free` is absent.
 */
export function toTgiProperties(info: TgiInfo): AdapterProperties {
  const properties: AdapterProperties = {
    engine: 'tgi',
    engine_version: info.version,
    model: info.model_id,
    sampler_profile_version: SAMPLER_PROFILE_VERSION,
    capabilities: { structured_output: true }, // `grammar` (specs/engines/tgi.md B.1), on unless the router runs with --disable-grammar-support
  };
  if (info.model_sha) properties.model_digest = info.model_sha;
  if (info.max_total_tokens !== undefined) properties.context_size = info.max_total_tokens;
  if (info.max_concurrent_requests !== undefined) properties.slots_total = info.max_concurrent_requests;
  const extra = collectExtras(info);
  if (Object.keys(extra).length > 0) properties.extra = extra;
  return properties;
}
