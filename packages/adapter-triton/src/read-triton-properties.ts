import { type AdapterProperties, SAMPLER_PROFILE_VERSION } from '@orch/adapter-api';
import type { EngineClient } from '@orch/adapter-utils';
import type { TritonTextMode } from './create-triton-text-decoder.js';
import { findSeedInputs } from './resolve-triton-seed-inputs.js';
import {
  type TritonModelConfig,
  type TritonServerMetadata,
  tritonModelConfigSchema,
  tritonServerMetadataSchema,
} from './triton-api-types.js';

/** `engine_version` as this adapter reports it: `triton <server version>` (specs/engines/triton.md C.3 `GET /v2`). */
export function formatTritonVersion(metadata: TritonServerMetadata): string {
  return `triton ${metadata.version}`;
}

/** Reads and validates `GET /v2` (specs/engines/triton.md C.3). */
export function readTritonServerMetadata(
  client: EngineClient,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<TritonServerMetadata> {
  return client.requestJson(tritonServerMetadataSchema, {
    path: '/v2',
    timeoutMs,
    what: 'GET /v2 answer',
    ...(signal === undefined ? {} : { signal }),
  });
}

/** Reads and validates `GET /v2/models/{m}/config` (specs/engines/triton.md C.3). */
export function readTritonModelConfig(
  client: EngineClient,
  modelPath: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<TritonModelConfig> {
  return client.requestJson(tritonModelConfigSchema, {
    path: `${modelPath}/config`,
    timeoutMs,
    what: 'model config',
    ...(signal === undefined ? {} : { signal }),
  });
}

/** What the adapter was told about the deployment, since the server cannot say (specs/engines/triton.md C.6). */
export interface TritonDeploymentFacts {
  /** The Triton model name (`ensemble`, `tensorrt_llm_bls`…). */
  tritonModel: string;
  /** The TensorRT-LLM version from the adapter settings. */
  trtllmVersion?: string;
  /** Context size from the adapter settings (the engine's `max_seq_len` is on disk, not on the wire). */
  contextSize?: number;
  /** The text mode the adapter runs in. */
  textMode: TritonTextMode;
  /** Guided decoding is configured (structured output). */
  guidedDecoding: boolean;
}

/**
 * What the replica is (OC-ADAPT-5060, 5070): `GET /v2` gives the Triton version (`engine_version` =
 * `triton <version>`), the model config gives the backend, the batch size (reported as `slots_total`: the
 * in-flight batcher runs up to that many sequences) and the seed input name. TensorRT-LLM's version is not on
 * the wire: `extra.trtllm_version` comes from the adapter settings, `unknown` when they do not say.
 */
export function toTritonProperties(
  metadata: TritonServerMetadata,
  config: TritonModelConfig,
  facts: TritonDeploymentFacts,
): AdapterProperties {
  const properties: AdapterProperties = {
    engine: 'triton',
    engine_version: formatTritonVersion(metadata),
    model: facts.tritonModel,
    sampler_profile_version: SAMPLER_PROFILE_VERSION,
    capabilities: { structured_output: facts.guidedDecoding },
  };
  if (config.max_batch_size !== undefined && config.max_batch_size > 0) {
    properties.slots_total = config.max_batch_size;
  }
  if (facts.contextSize !== undefined) properties.context_size = facts.contextSize;
  const extra: Record<string, string | number | boolean> = {
    trtllm_version: facts.trtllmVersion ?? 'unknown',
    triton_version: metadata.version,
    text_mode: facts.textMode,
  };
  const backend = config.backend || config.platform;
  if (backend) extra.backend = backend;
  const seedInputs = findSeedInputs(config);
  extra.seed_input = seedInputs.length > 0 ? seedInputs.join(',') : 'none';
  const decoupled = config.model_transaction_policy?.decoupled;
  if (decoupled !== undefined) extra.decoupled = decoupled;
  properties.extra = extra;
  return properties;
}
