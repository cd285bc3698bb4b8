import { type AdapterProperties, SAMPLER_PROFILE_VERSION } from '@orch/adapter-api';
import type { EngineClient } from '@orch/adapter-utils';
import { type LlamaCppProps, llamaCppPropsSchema, llamaCppSlotsSchema } from './llamacpp-api-types.js';

/** Reads and validates `GET /props` (specs/engines/llamacpp.md D.4). */
export function readLlamaCppProps(
  client: EngineClient,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<LlamaCppProps> {
  return client.requestJson(llamaCppPropsSchema, {
    path: '/props',
    timeoutMs,
    what: '/props answer',
    ...(signal === undefined ? {} : { signal }),
  });
}

/** Free slots from `GET /slots`, or `undefined` when the server runs with `--no-slots` (501, specs/engines/llamacpp.md D.4). */
async function readFreeSlots(client: EngineClient, timeoutMs: number): Promise<number | undefined> {
  const response = await client.request({
    path: '/slots',
    headersTimeoutMs: timeoutMs,
    timeoutCode: 'engine_unavailable',
    acceptStatus: (status) => status === 200 || status === 501,
  });
  if (response.status === 501) {
    response.abort();
    return undefined;
  }
  const text = await response.readText({ timeoutMs, timeoutCode: 'engine_unavailable' });
  const slots = client.parseJson(llamaCppSlotsSchema, text, '/slots answer');
  return slots.filter((slot) => !slot.is_processing).length;
}

function collectExtras(props: LlamaCppProps): Record<string, string | number | boolean> {
  const extra: Record<string, string | number | boolean> = {};
  if (props.chat_template !== undefined) extra.chat_template = props.chat_template;
  if (props.model_alias !== undefined) extra.model_alias = props.model_alias;
  if (props.is_sleeping !== undefined) extra.is_sleeping = props.is_sleeping;
  return extra;
}

/**
 * Reads what the replica is from the engine itself (OC-ADAPT-5001, 5011): `build_info` as the version,
 * total and free slots, the per-slot context size and the model path.
 */
export async function readLlamaCppProperties(
  client: EngineClient,
  timeoutMs: number,
  fallbackModel: string,
): Promise<{ properties: AdapterProperties; props: LlamaCppProps }> {
  const [props, slotsFree] = await Promise.all([
    readLlamaCppProps(client, timeoutMs),
    readFreeSlots(client, timeoutMs),
  ]);
  const properties: AdapterProperties = {
    engine: 'llamacpp',
    engine_version: props.build_info,
    model: props.model_path ?? props.model_alias ?? fallbackModel,
    sampler_profile_version: SAMPLER_PROFILE_VERSION,
    capabilities: { structured_output: true }, // `json_schema` → grammar (specs/engines/llamacpp.md D.2)
  };
  if (props.total_slots !== undefined) properties.slots_total = props.total_slots;
  if (slotsFree !== undefined) properties.slots_free = slotsFree;
  const contextSize = props.default_generation_settings?.n_ctx ?? props.n_ctx;
  if (contextSize !== undefined) properties.context_size = contextSize;
  const extra = collectExtras(props);
  if (Object.keys(extra).length > 0) properties.extra = extra;
  return { properties, props };
}
