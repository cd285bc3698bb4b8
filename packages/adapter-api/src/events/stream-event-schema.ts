import { z } from 'zod';
import { ALL_ERROR_CODES } from '../errors/error-codes.js';

const count = z.number().int().nonnegative();
const milliseconds = z.number().nonnegative();

const startedEventSchema = z.object({
  type: z.literal('started'),
  task_id: z.string().min(1),
  model: z.string(),
  pool_id: z.string(),
  replica_id: z.string(),
  engine: z.string().min(1),
  engine_version: z.string().min(1),
  model_digest: z.string().optional(),
  sampler_profile_version: z.string().optional(),
  queue_position: count,
  seed: count,
  queued_ms: milliseconds.optional(),
  predicted_start_ms: milliseconds.optional(),
  attempt: z.number().int().positive(),
});

const tokenEventSchema = z.object({ type: z.literal('token'), i: count, t: z.string() });

const metricsEventSchema = z.object({
  type: z.literal('metrics'),
  tokens_out: count.optional(),
  tokens_in: count.optional(),
  decode_ms: milliseconds.optional(),
  queue_depth: count.optional(),
  tokens_per_second: z.number().nonnegative().optional(),
  note: z.string().optional(),
  failover: z
    .object({ from_replica: z.string(), to_replica: z.string(), resumed_at_token: count })
    .loose()
    .optional(),
});

const endEventSchema = z.object({
  type: z.literal('end'),
  finish_reason: z.enum(['stop', 'length', 'cancelled', 'content_filter', 'other']),
  finish_reason_raw: z.string(),
  tokens_in: count.optional(),
  tokens_out: count.optional(),
  ttft_ms: milliseconds.optional(),
  decode_ms: milliseconds.optional(),
  structured_output: z
    .object({ valid: z.boolean(), errors: z.array(z.string()).optional() })
    .loose()
    .optional(),
});

const errorEventSchema = z.object({
  type: z.literal('error'),
  code: z.enum(ALL_ERROR_CODES as [string, ...string[]]),
  message: z.string(),
  retriable: z.boolean(),
  retry_after_ms: milliseconds.optional(),
  tokens_delivered: count.optional(),
});

/**
 * Runtime schema of {@link StreamEvent}, for clients and the conformance suite. Unknown extra fields are
 * allowed (`looseObject` semantics) so that newer servers stay readable by older clients.
 */
export const streamEventSchema = z.discriminatedUnion('type', [
  startedEventSchema.loose(),
  tokenEventSchema.loose(),
  metricsEventSchema.loose(),
  endEventSchema.loose(),
  errorEventSchema.loose(),
]);
