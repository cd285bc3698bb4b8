import type { WorkerAdapter } from '@orch/adapter-api';
import { createMockAdapter } from '@orch/adapter-mock';
import { z } from 'zod';
import type { AdapterFactoryInput } from './adapter-factory-input.js';
import { parseAdapterOptions } from './parse-adapter-options.js';

const mockOptionsSchema = z.strictObject({
  tokens_per_second: z.number().nonnegative().optional(),
  natural_length: z.number().int().positive().optional(),
  first_token_delay_ms: z.number().nonnegative().optional(),
  slots: z.number().int().positive().optional(),
  context_size: z.number().int().positive().optional(),
  metrics_every: z.number().int().nonnegative().optional(),
  structured_output: z.boolean().optional(),
  fault: z
    .discriminatedUnion('mode', [
      z.strictObject({ mode: z.literal('none') }),
      z.strictObject({ mode: z.literal('down') }),
      z.strictObject({ mode: z.literal('fail_before_start') }),
      z.strictObject({ mode: z.literal('fail_after'), after_tokens: z.number().int().nonnegative() }),
      z.strictObject({ mode: z.literal('stall'), after_tokens: z.number().int().nonnegative() }),
      z.strictObject({ mode: z.literal('ignore_abort'), after_tokens: z.number().int().nonnegative() }),
      z.strictObject({
        mode: z.literal('close_without_terminal'),
        after_tokens: z.number().int().nonnegative(),
      }),
    ])
    .optional(),
});

/** Builds the mock engine for a replica from its `options`. */
export function createMockReplicaAdapter(input: AdapterFactoryInput): WorkerAdapter {
  const options = parseAdapterOptions(mockOptionsSchema, input);
  const fault = options.fault;
  return createMockAdapter({
    model: input.pool.model,
    tokensPerSecond: options.tokens_per_second,
    naturalLength: options.natural_length,
    firstTokenDelayMs: options.first_token_delay_ms,
    slots: options.slots,
    contextSize: options.context_size,
    metricsEvery: options.metrics_every,
    structuredOutput: options.structured_output,
    fault:
      fault === undefined || !('after_tokens' in fault)
        ? fault
        : { mode: fault.mode, afterTokens: fault.after_tokens },
    logger: input.logger,
  });
}
