import { type AdapterModule, CONTRACT_VERSION } from '@orch/adapter-api';
import { z } from 'zod';
import { createMockAdapter } from './mock-adapter.js';

const afterTokens = z.number().int().nonnegative();

const mockOptionsSchema = z.strictObject({
  /** Pace of the generated tokens. */
  tokens_per_second: z.number().nonnegative().optional(),
  /** Tokens generated before a natural stop. */
  natural_length: z.number().int().positive().optional(),
  /** Delay before the first token, ms. */
  first_token_delay_ms: z.number().nonnegative().optional(),
  /** Parallel slots reported in properties. */
  slots: z.number().int().positive().optional(),
  /** Context size reported in properties. */
  context_size: z.number().int().positive().optional(),
  /** A `metrics` event every this many tokens; 0 disables them. */
  metrics_every: z.number().int().nonnegative().optional(),
  /** Declares and honours structured output. */
  structured_output: z.boolean().optional(),
  /** An injected fault (specs/faults). */
  fault: z
    .discriminatedUnion('mode', [
      z.strictObject({ mode: z.literal('none') }),
      z.strictObject({ mode: z.literal('down') }),
      z.strictObject({ mode: z.literal('fail_before_start') }),
      z.strictObject({ mode: z.literal('fail_after'), after_tokens: afterTokens }),
      z.strictObject({ mode: z.literal('stall'), after_tokens: afterTokens }),
      z.strictObject({ mode: z.literal('ignore_abort'), after_tokens: afterTokens }),
      z.strictObject({ mode: z.literal('close_without_terminal'), after_tokens: afterTokens }),
    ])
    .optional(),
});

/** A mock replica's `options`. */
export type MockReplicaOptions = z.infer<typeof mockOptionsSchema>;

/**
 * The mock engine as a module: it runs inside the orchestrator (no URL, nothing to launch) and is
 * deterministic by construction.
 */
export const mockModule: AdapterModule<MockReplicaOptions> = {
  engine: 'mock',
  contractVersion: CONTRACT_VERSION,
  optionsSchema: mockOptionsSchema,
  requiresUrl: false,
  assessDeterminism: {
    findConfigProblems: () => [],
    assessReplica: () => ({ verdict: 'yes' }),
  },
  create({ model, options, logger }) {
    const fault = options.fault;
    return createMockAdapter({
      model,
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
      logger,
    });
  },
};
