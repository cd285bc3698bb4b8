import type { AdapterCapabilities } from './adapter-capabilities.js';

/** What a replica is, as read from the engine itself. Unknown figures are absent, never 0. */
export interface AdapterProperties {
  /** Engine kind, e.g. `llamacpp`. */
  engine: string;
  /** The engine's version or build string as it reports it (e.g. `b6100-abc1234`, `0.10.2`). */
  engine_version: string;
  /** Model name or path the engine serves. */
  model: string;
  /** Digest of the model weights where the engine exposes one. */
  model_digest?: string;
  /** Total parallel slots (sequences) the engine runs. */
  slots_total?: number;
  /** Slots idle right now. */
  slots_free?: number;
  /** Context size in tokens (prompt + generated) of one sequence. */
  context_size?: number;
  /**
   * Version of the sampler profile (`SAMPLER_PROFILE_VERSION`, e.g. `sp-1`) the adapter applies to every task;
   * absent when the adapter does not apply one (engine defaults may then shape answers).
   */
  sampler_profile_version?: string;
  /** Optional features the replica provides (structured output…); absent means none. */
  capabilities?: AdapterCapabilities;
  /** Engine-specific extras (chat template, TensorRT-LLM version…), for `/v1/replicas` and diagnosis. */
  extra?: Record<string, string | number | boolean>;
}
