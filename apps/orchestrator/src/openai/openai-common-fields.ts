import { z } from 'zod';
import { taskRequestSchema } from '../tasks/task-request-schema.js';

const native = taskRequestSchema.shape;

/**
 * Fields every OpenAI-compatible body shares with `POST /v1/tasks`: the native validators themselves, so a
 * range or a limit is written once (the converted request is checked by the native schema again).
 */
export const sharedSamplingFields = {
  model: native.model,
  temperature: native.temperature,
  top_p: native.top_p,
  seed: native.seed,
  stop: native.stop,
};

/** Orchestrator extensions accepted as extra body fields (the SDKs send them through `extra_body`/`body`). */
export const orchestratorExtensionFields = {
  top_k: native.top_k,
  min_p: native.min_p,
  task_id: native.task_id,
  priority: native.priority,
  deadline_ms: native.deadline_ms,
  determinism: native.determinism,
};

/** `max_tokens` and its newer names share the native rule. */
export const maxTokensField = native.max_tokens;

/** `user` (and `safety_identifier`): logged as the client id, never trusted for authentication. */
export const clientIdField = z.string().max(256).optional();

/** Fields that change nothing the pipeline does, accepted and ignored so that stock clients work. */
export const ignoredFields = {
  metadata: z.record(z.string(), z.unknown()).optional(),
  service_tier: z.string().optional(),
  prompt_cache_key: z.string().optional(),
  safety_identifier: clientIdField,
};

/** A value the schema takes as it is and a later refusal check looks at (see `refuseUnsupportedFields`). */
export const checkedLater = z.unknown().optional();

/** OpenAI's chat-style `response_format`: `text`, `json_object`, or `json_schema` with a named schema. */
export const openAiResponseFormatSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text') }),
  z.strictObject({ type: z.literal('json_object') }),
  z.strictObject({
    type: z.literal('json_schema'),
    json_schema: z.strictObject({
      name: z.string(),
      description: z.string().optional(),
      schema: z.record(z.string(), z.unknown()),
      /** Always on here: the pipeline checks every structured answer against the schema. */
      strict: z.boolean().optional(),
    }),
  }),
]);

/** The parsed `response_format` of a chat or text completion. */
export type OpenAiResponseFormat = z.infer<typeof openAiResponseFormatSchema>;

/** `stream_options` of chat and text completions. */
export const streamOptionsSchema = z
  .strictObject({
    /** One last chunk with `choices: []` and `usage`. */
    include_usage: z.boolean().optional(),
    /** Accepted and ignored: chunks are not padded. */
    include_obfuscation: z.boolean().optional(),
  })
  .optional();
