import type { AdapterModule } from '@orch/adapter-api';
import { z } from 'zod';
import { chatTemplateSchema } from '../templates/chat-template-schema.js';
import { checkEngineModules } from './check-engine-modules.js';
import { findDeterminismConfigProblems } from './find-determinism-config-problems.js';
import { findLaunchConfigProblems } from './find-launch-config-problems.js';
import { findWorkersConfigProblems } from './find-workers-config-problems.js';
import { collectHealthPresets } from './health-presets.js';
import { createLaunchSchema } from './launch-config-schema.js';

const identifier = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'expected 1-64 letters, digits, ".", "_" or "-" (no spaces)');

const positiveInt = z.number().int().positive();

const createReplicaSchema = (launchSchema: ReturnType<typeof createLaunchSchema>) =>
  z.strictObject({
    /** Replica id, unique within its pool; a metrics label. */
    id: identifier,
    /** Base URL of the engine (scheme, host, port). Not needed for `mock`. */
    url: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).optional(),
    /** Name of the environment variable holding the engine's API key (sent as a bearer token, never logged). */
    api_key_env: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name')
      .optional(),
    /** Tasks this replica runs at once; default: the engine's slot count, else 4. */
    max_concurrency: positiveInt.optional(),
    /** Engine-specific adapter options, validated by the engine module's `optionsSchema`. */
    options: z.record(z.string(), z.unknown()).optional(),
    /**
     * Declares the replica fit for `determinism: "strict"` tasks (specs/determinism.md): same weights and build
     * as its peers, no prompt cache. A llama.cpp replica must also run one slot (`-np 1`) unless
     * `batch_invariant` is set; other engines need `batch_invariant`.
     */
    deterministic: z.boolean().optional(),
    /**
     * The operator asserts that batching does not change this replica's numerics (e.g. vLLM with
     * `VLLM_BATCH_INVARIANT=1`, or llama.cpp with several slots known to be batch-invariant).
     */
    batch_invariant: z.boolean().optional(),
    /**
     * Makes the replica managed: the orchestrator launches, supervises and stops its engine process
     * (specs/lifecycle.md). Besides or instead of `url`.
     */
    launch: launchSchema.optional(),
  });

const timeoutsSchema = z.strictObject({
  /** Time to wait for the engine's response headers and first token, ms. */
  ttft_ms: positiveInt.default(60_000),
  /** Longest silence allowed between two events of a running stream, ms. */
  idle_ms: positiveInt.default(30_000),
});

const queueSchema = z.strictObject({
  /** Tasks that may wait for a slot; one more is refused with 429 queue_full. */
  max_waiting: z.number().int().nonnegative().default(64),
  /** Longest wait in the queue before the task fails with queue_timeout, ms. */
  timeout_ms: positiveInt.default(30_000),
});

const breakerSchema = z.strictObject({
  /** Failure percentage over the rolling window that opens the breaker. */
  error_threshold_percentage: z.number().min(1).max(100).default(50),
  /** Attempts in the window before the percentage is considered. */
  volume_threshold: z.number().int().nonnegative().default(5),
  /** Time an open breaker waits before letting one trial attempt through (half-open), ms. */
  reset_timeout_ms: positiveInt.default(5_000),
  /**
   * Length of the rolling statistics window over attempt outcomes (each counted when its attempt ends), ms.
   * Default: the longer of `timeouts.ttft_ms` and `timeouts.idle_ms`; a shorter window is refused.
   */
  rolling_window_ms: positiveInt.optional(),
});

const retrySchema = z.strictObject({
  /** Attempts per task before the first token, on different replicas. */
  max_attempts: z.number().int().min(1).max(10).default(3),
  /** Backoff before the second attempt (full jitter, doubling), ms. */
  base_ms: z.number().int().nonnegative().default(50),
  /** Upper bound of one backoff, ms. */
  max_ms: z.number().int().nonnegative().default(1_000),
});

const createPoolSchema = (
  engines: [string, ...string[]],
  replicaSchema: ReturnType<typeof createReplicaSchema>,
) =>
  z
    .strictObject({
      /** Pool id; a metrics label. */
      id: identifier,
      /** The model name clients put in `model`. */
      model: z.string().min(1).max(256),
      /** Engine kind of every replica in the pool. */
      engine: z.enum(engines),
      /** `max_tokens` used when a task does not give one. */
      default_max_tokens: positiveInt.default(256),
      /** Largest `max_tokens` a task may ask for. */
      max_tokens_limit: positiveInt.default(32_768),
      timeouts: timeoutsSchema.prefault({}),
      queue: queueSchema.prefault({}),
      breaker: breakerSchema.prefault({}),
      retry: retrySchema.prefault({}),
      /** Who renders chat `messages` into the prompt: the engine (default) or the orchestrator. */
      chat_template: chatTemplateSchema.prefault({}),
      replicas: z.array(replicaSchema).min(1, 'a pool needs at least one replica'),
    })
    .superRefine((pool, context) => {
      const window = pool.breaker.rolling_window_ms;
      const longest = longestAttemptTimeout(pool.timeouts);
      if (window !== undefined && window < longest) {
        context.addIssue({
          code: 'custom',
          path: ['breaker', 'rolling_window_ms'],
          message: `must be at least the longest attempt timeout (${longest} ms, timeouts.ttft_ms or idle_ms): a shorter window cannot hold a timed-out attempt beside the attempts that ran with it`,
        });
      }
    })
    .transform((pool) => ({
      ...pool,
      breaker: {
        ...pool.breaker,
        rolling_window_ms: pool.breaker.rolling_window_ms ?? longestAttemptTimeout(pool.timeouts),
      },
    }));

/** ORCH-RES-014: the breaker's window must outlast the slowest way an attempt can fail. */
function longestAttemptTimeout(timeouts: { ttft_ms: number; idle_ms: number }): number {
  return Math.max(timeouts.ttft_ms, timeouts.idle_ms);
}

const environmentVariableName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name');

/** One named API key, optionally limited to some models (ORCH-SEC-006). */
const apiKeySchema = z
  .strictObject({
    /** Who the key belongs to: on log lines and the owner of its tasks; never a secret. */
    name: identifier,
    /** The key itself, inline (prefer `key_env`). */
    key: z.string().min(16, 'API keys must be at least 16 characters').optional(),
    /** Environment variable holding the key. */
    key_env: environmentVariableName.optional(),
    /** Models (pools) this key may use; absent: every model. Others answer 403 `forbidden`. */
    models: z.array(z.string().min(1).max(256)).min(1).optional(),
    /** The key may use the status page's actions (cancel any task, reset breakers, start/stop engines). */
    operator: z.boolean().default(false),
  })
  .refine((entry) => (entry.key === undefined) !== (entry.key_env === undefined), {
    message: 'give exactly one of key and key_env',
  });

const authSchema = z.strictObject({
  /** Accepted API keys, inline (prefer `api_keys_env`). */
  api_keys: z.array(z.string().min(16, 'API keys must be at least 16 characters')).default([]),
  /** Environment variable holding comma-separated API keys. */
  api_keys_env: environmentVariableName.optional(),
  /** Named keys, each optionally limited to some models (besides or instead of `api_keys`). */
  keys: z.array(apiKeySchema).default([]),
  /** Also require a key for /metrics (health endpoints stay open for probes). */
  protect_metrics: z.boolean().default(false),
});

/** Bounds on the work one `response_format` schema may cost (ORCH-SEC-011). */
const structuredOutputSchema = z.strictObject({
  /** Largest schema, as JSON text, in bytes. */
  max_schema_bytes: positiveInt.default(32 * 1024),
  /** Most JSON objects (subschemas, property maps) in one schema: Ajv's compile time grows with them. */
  max_schema_nodes: positiveInt.default(256),
});

/** The status page and its event stream (`/ui`, `/v1/events`, specs/ui.md). */
const uiSchema = z.strictObject({
  /** Serve `/ui` and `/v1/events*`, and record tasks for them. */
  enabled: z.boolean().default(true),
  /** Without `server.auth`: `read_only` lets anyone who can reach the server look; `off` answers 404. */
  anonymous: z.enum(['read_only', 'off']).default('read_only'),
  /** Keep each task's request and delivered text for the page (off: neither is kept). */
  keep_prompts: z.boolean().default(false),
  /** Finished tasks kept for the page (the oldest is forgotten first). */
  recent_tasks: positiveInt.max(100_000).default(1_000),
  /** Output lines kept per managed engine. */
  log_lines: positiveInt.max(10_000).default(200),
  /** Minutes of the one-second traffic series kept. */
  traffic_minutes: positiveInt.max(120).default(10),
  /** Open `/v1/events` and per-task event streams on the instance, all clients together (0: no limit). */
  max_streams: z.number().int().nonnegative().default(64),
  /** Open event streams of one client: its key, or its address without auth (0: no limit). */
  max_streams_per_client: z.number().int().nonnegative().default(8),
});

/**
 * Several orchestrator instances sharing slots, queue order, cancels, breakers and client limits through Redis
 * (specs/cluster.md). Absent: the instance keeps everything in process and no Redis code runs.
 */
const clusterSchema = z
  .strictObject({
    /** `redis://` or `rediss://` URL; prefer `redis_url_env` when it holds a password. Never logged. */
    redis_url: z.url({ protocol: /^rediss?$/, error: 'expected a redis:// or rediss:// URL' }).optional(),
    /** Environment variable holding the Redis URL (credentials included). */
    redis_url_env: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name')
      .optional(),
    /** This instance's name in Redis and in `/v1/replicas`; default: host name and process id. */
    instance_id: identifier.optional(),
    /** Prefix of every Redis key, so that several fleets may share one Redis. */
    key_prefix: z
      .string()
      .regex(/^[A-Za-z0-9:._-]{1,64}$/, 'expected 1-64 letters, digits, ":", ".", "_" or "-"')
      .default('orch'),
    /** Lifetime of a slot lease, a queue place and a heartbeat without renewal, ms: a dead instance's slots come back after it. */
    lease_ms: z.number().int().min(1_000).max(600_000).default(5_000),
    /** Longest wait for one Redis command (and for connecting), ms; then the instance acts as if Redis were down. */
    command_timeout_ms: z.number().int().min(10).max(30_000).default(500),
    /** How often an instance with queued tasks asks Redis for a slot without being woken, ms. */
    poll_ms: z.number().int().min(10).max(10_000).default(250),
  })
  .refine((cluster) => (cluster.redis_url === undefined) !== (cluster.redis_url_env === undefined), {
    message: 'give exactly one of redis_url and redis_url_env',
  });

const rateLimitsSchema = z.strictObject({
  /** Tasks one client (API key, else IP address) may start per minute; 0 means no limit. */
  requests_per_minute: z.number().int().nonnegative().default(0),
  /** Tokens (prompt and completion, from each task's `end`) one client may use per minute; 0 means no limit. */
  tokens_per_minute: z.number().int().nonnegative().default(0),
});

const serverSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65_535).default(8080),
  /** Largest accepted request body in bytes. */
  body_limit_bytes: positiveInt.default(1_048_576),
  /** Longest accepted prompt (or all chat turns together), in characters. */
  max_prompt_chars: positiveInt.default(200_000),
  /** How often replicas are probed for health and properties, ms. */
  health_interval_ms: positiveInt.default(5_000),
  /** Open streams one client (API key, else IP address) may hold; 0 means no limit. */
  max_streams_per_client: z.number().int().nonnegative().default(64),
  /** On SIGTERM, how long running streams may go on before they are ended with shutting_down, ms. */
  shutdown_grace_ms: z.number().int().nonnegative().default(10_000),
  /** Interval of SSE keep-alive comments while a task waits in the queue, ms. */
  keepalive_ms: positiveInt.default(15_000),
  /** Longest wait for a request's headers, ms (slow-header connections are closed). */
  headers_timeout_ms: positiveInt.default(10_000),
  /** Longest wait for a whole request (headers and body), ms: a body sent drop by drop is cut off. */
  request_timeout_ms: positiveInt.default(30_000),
  /** How long an idle keep-alive connection stays open, ms. */
  keep_alive_timeout_ms: positiveInt.default(5_000),
  /** Open client connections in all; one more is answered 503 too_many_connections and closed. 0: no cap. */
  max_connections: z.number().int().nonnegative().default(4_096),
  /** Open connections from one client address; 0: no cap. */
  max_connections_per_client: z.number().int().nonnegative().default(1_024),
  /**
   * Host names (of the `Host` and `Origin` headers) accepted while authentication is off, against DNS
   * rebinding and cross-site requests; default: the loopback names and `host`. `"*"` accepts any.
   */
  allowed_hosts: z.array(z.string().min(1)).optional(),
  /** Whether an `unknown_model` refusal lists the served models; default: yes without auth, no with it. */
  unknown_model_lists_models: z.boolean().optional(),
  structured_output: structuredOutputSchema.prefault({}),
  /** API-key authentication for /v1/*; off when absent. */
  auth: authSchema.optional(),
  /** Serve the OpenAI-compatible routes (`/v1/chat/completions`, `/v1/completions`, `/v1/responses`, `/v1/models`). */
  openai_api: z.boolean().default(true),
  /** Per-client rate limits (fleet-wide with `cluster`); off when absent. */
  rate_limits: rateLimitsSchema.optional(),
  /** Log level: `debug` includes adapter diagnostics. */
  log_level: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** Worker processes sharing the port (`node:cluster`); `auto`: one per core; 1: a single process. */
  workers: z.union([z.number().int().min(1).max(256), z.literal('auto')]).default(1),
});

/**
 * The schema of the orchestrator configuration file, derived from the engine modules the orchestrator
 * composes: the engines a pool may name, each replica's `options`, the determinism and launch rules. The
 * validated config resolves each pool's engine to its module (`engine_module`) and holds each replica's
 * parsed `options`.
 */
export function createConfigSchema(modules: readonly AdapterModule[]) {
  checkEngineModules(modules);
  const byEngine = new Map(modules.map((module) => [module.engine, module]));
  const engines = modules.map((module) => module.engine) as [string, ...string[]];
  const replicaSchema = createReplicaSchema(createLaunchSchema(collectHealthPresets(modules)));
  return z
    .strictObject({
      server: serverSchema.prefault({}),
      cluster: clusterSchema.optional(),
      ui: uiSchema.prefault({}),
      pools: z.array(createPoolSchema(engines, replicaSchema)).min(1, 'at least one pool is required'),
    })
    .superRefine((config, context) => {
      if (config.server.headers_timeout_ms > config.server.request_timeout_ms) {
        context.addIssue({
          code: 'custom',
          path: ['server', 'headers_timeout_ms'],
          message: 'must not exceed server.request_timeout_ms',
        });
      }
      const served = new Set(config.pools.map((pool) => pool.model));
      const keyNames = new Set<string>();
      config.server.auth?.keys.forEach((entry, keyIndex) => {
        const path = ['server', 'auth', 'keys', keyIndex];
        if (keyNames.has(entry.name)) {
          context.addIssue({
            code: 'custom',
            path: [...path, 'name'],
            message: `duplicate key name "${entry.name}"`,
          });
        }
        keyNames.add(entry.name);
        entry.models?.forEach((model, modelIndex) => {
          if (!served.has(model)) {
            context.addIssue({
              code: 'custom',
              path: [...path, 'models', modelIndex],
              message: `no pool serves model "${model}"`,
            });
          }
        });
      });
      for (const issue of findWorkersConfigProblems(config)) context.addIssue({ code: 'custom', ...issue });
      const poolIds = new Set<string>();
      const models = new Set<string>();
      config.pools.forEach((pool, poolIndex) => {
        if (poolIds.has(pool.id)) {
          context.addIssue({
            code: 'custom',
            path: ['pools', poolIndex, 'id'],
            message: `duplicate pool id "${pool.id}"`,
          });
        }
        if (models.has(pool.model)) {
          context.addIssue({
            code: 'custom',
            path: ['pools', poolIndex, 'model'],
            message: `model "${pool.model}" is already served by another pool`,
          });
        }
        poolIds.add(pool.id);
        models.add(pool.model);
        const module = byEngine.get(pool.engine) as AdapterModule;
        const replicaIds = new Set<string>();
        pool.replicas.forEach((replica, replicaIndex) => {
          const path = ['pools', poolIndex, 'replicas', replicaIndex];
          if (replicaIds.has(replica.id)) {
            context.addIssue({
              code: 'custom',
              path: [...path, 'id'],
              message: `duplicate replica id "${replica.id}"`,
            });
          }
          replicaIds.add(replica.id);
          const options = module.optionsSchema.safeParse(replica.options ?? {});
          if (!options.success) {
            for (const issue of options.error.issues) {
              context.addIssue({
                code: 'custom',
                path: [...path, 'options', ...issue.path],
                message: issue.message,
              });
            }
          } else {
            const problems = findDeterminismConfigProblems(module, { ...replica, options: options.data });
            for (const problem of problems) {
              context.addIssue({
                code: 'custom',
                path: [...path, ...problem.path],
                message: problem.message,
              });
            }
          }
          if (module.requiresUrl && replica.url === undefined && replica.launch === undefined) {
            context.addIssue({
              code: 'custom',
              path: [...path, 'url'],
              message: `required for engine "${pool.engine}" (or a \`launch\` section)`,
            });
          }
          for (const problem of findLaunchConfigProblems(module, replica)) {
            context.addIssue({ code: 'custom', path: [...path, ...problem.field], message: problem.message });
          }
        });
      });
    })
    .transform((config) => ({
      ...config,
      pools: config.pools.map((pool) => {
        const module = byEngine.get(pool.engine) as AdapterModule;
        return {
          ...pool,
          /** The module of the pool's engine, which builds its adapters and holds its rules. */
          engine_module: module,
          replicas: pool.replicas.map((replica) => ({
            ...replica,
            /** The replica's options as the engine module parsed them (checked by the refinement above). */
            options: module.optionsSchema.parse(replica.options ?? {}),
          })),
        };
      }),
    }));
}

/** A validated configuration. */
export type OrchestratorConfig = z.output<ReturnType<typeof createConfigSchema>>;
/** One validated pool. */
export type PoolConfig = OrchestratorConfig['pools'][number];
/** One validated replica. */
export type ReplicaConfig = PoolConfig['replicas'][number];
/** A validated `cluster` section. */
export type ClusterConfig = NonNullable<OrchestratorConfig['cluster']>;
/** A validated `server.rate_limits` section. */
export type RateLimitsConfig = NonNullable<OrchestratorConfig['server']['rate_limits']>;
