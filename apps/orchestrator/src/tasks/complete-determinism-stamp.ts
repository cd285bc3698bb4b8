import type { StartedEvent } from '@orch/adapter-api';
import type { Replica } from '../pools/replica.js';

/**
 * Fills the determinism stamp of a `started` event from what the replica reported about itself when the
 * adapter left a field out (ORCH-DET-003): `sampler_profile_version` and `model_digest` come from the
 * replica's last properties read. Fields the adapter set are kept as they are.
 */
export function completeDeterminismStamp(started: StartedEvent, replica: Replica): StartedEvent {
  const properties = replica.properties;
  if (properties === undefined) return started;
  const stamped = { ...started };
  if (stamped.sampler_profile_version === undefined && properties.sampler_profile_version !== undefined) {
    stamped.sampler_profile_version = properties.sampler_profile_version;
  }
  if (stamped.model_digest === undefined && properties.model_digest !== undefined) {
    stamped.model_digest = properties.model_digest;
  }
  return stamped;
}
