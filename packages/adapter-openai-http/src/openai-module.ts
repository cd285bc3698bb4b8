import { type AdapterModule, CONTRACT_VERSION, readHttpEngineSettings } from '@orch/adapter-api';
import { z } from 'zod';
import { createOpenAiAdapter } from './openai-adapter.js';

const pathSchema = z.string().regex(/^\//, 'expected a path starting with "/"');

const openAiOptionsSchema = z.strictObject({
  /** The server's model id, sent as `model` when it differs from the pool's model name (e.g. `gpt-4o-mini`). */
  served_model: z.string().min(1).optional(),
  /** Path prefix of the API; default `/v1`. */
  api_prefix: z.union([pathSchema, z.literal('')]).optional(),
  /** Where prompts go: `completions` (default) or `chat` (one user message, for servers without completions). */
  prompt_route: z.enum(['completions', 'chat']).optional(),
  /** Name of the chat route's token limit; default `max_tokens`. */
  max_tokens_field: z.enum(['max_tokens', 'max_completion_tokens']).optional(),
  /** Send `top_k` and `min_p` (llama-server, vLLM, LM Studio; OpenAI refuses them). */
  extended_sampling: z.boolean().optional(),
  /** Send `stream_options.include_usage`; default true. */
  include_usage: z.boolean().optional(),
  /** Send every sampling field of the sampler profile; default true (off for models that refuse them). */
  sampler_profile: z.boolean().optional(),
  /** The server takes `response_format`; default true (false: such tasks are refused up front). */
  structured_output: z.boolean().optional(),
  /** Extra fields merged under every generation body, e.g. `{cache_prompt: false}` for llama-server. */
  extra_body: z.record(z.string(), z.unknown()).optional(),
  /** Path probed by health checks; default `<api_prefix>/models`. */
  health_path: pathSchema.optional(),
  /** Path of the server's tokenizer, or null for the character heuristic only; default `/tokenize`. */
  tokenize_path: pathSchema.nullable().optional(),
  /** Timeout of the model list, version probes and `/tokenize`, ms. */
  request_timeout_ms: z.number().int().positive().optional(),
  /** Timeout of the health probe, ms. */
  health_timeout_ms: z.number().int().positive().optional(),
});

/** An OpenAI-compatible replica's `options`. */
export type OpenAiReplicaOptions = z.infer<typeof openAiOptionsSchema>;

const NEVER_DETERMINISTIC =
  'an OpenAI-compatible service promises no reproducible output: it cannot be deterministic';

/**
 * Any OpenAI-compatible server (OpenAI, LM Studio, llama-server's `/v1` routes, vLLM) as a module. The key
 * read from the replica's `api_key_env` is sent as a bearer token; the pool's `ttft_ms` bounds the headers
 * and the first stream bytes, `idle_ms` the silences. Such a service promises no reproducibility, so a
 * replica can never be declared deterministic. A launched server is ready when `/health` answers 200.
 */
export const openAiModule: AdapterModule<OpenAiReplicaOptions> = {
  engine: 'openai',
  contractVersion: CONTRACT_VERSION,
  optionsSchema: openAiOptionsSchema,
  requiresUrl: true,
  healthPreset: { path: '/health', readyStatuses: [200], whileLoading: 'anything but 200' },
  assessDeterminism: {
    findConfigProblems: () => [{ path: ['deterministic'], message: NEVER_DETERMINISTIC }],
    assessReplica: () => ({ verdict: 'no', reason: NEVER_DETERMINISTIC }),
  },
  create(input) {
    const { options } = input;
    return createOpenAiAdapter({
      ...readHttpEngineSettings('openai', input),
      servedModel: options.served_model,
      apiPrefix: options.api_prefix,
      promptRoute: options.prompt_route,
      maxTokensField: options.max_tokens_field,
      extendedSampling: options.extended_sampling,
      includeUsage: options.include_usage,
      samplerProfile: options.sampler_profile,
      structuredOutput: options.structured_output,
      extraBody: options.extra_body,
      healthPath: options.health_path,
      tokenizePath: options.tokenize_path,
      headersTimeoutMs: input.ttftTimeoutMs,
      firstByteTimeoutMs: input.ttftTimeoutMs,
    });
  },
};
