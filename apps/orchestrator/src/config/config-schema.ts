import { ENGINE_KINDS } from '@orch/adapter-api';
import { z } from 'zod';

const identifier = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'expected 1-64 letters, digits, ".", "_" or "-" (no spaces)');

const positiveInt = z.number().int().positive();

const replicaSchema = z.strictObject({
  /** Replica id, unique within its pool; a metrics label. */
  id: identifier,
  /** Base URL of the engine (scheme, host, port). Not needed for `mock`. */
  url: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).optional(),
  /** Name of the environment variable holding the engine's API key (sent as a bearer token, never logged). */
  api_key_env: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name')
    .optional(),
  /** Engine-specific adapter options (validated by the adapter factory). */
  options: z.record(z.string(), z.unknown()).optional(),
});

const timeoutsSchema = z.strictObject({
  /** Time to wait for the engine's response headers and first token, ms. */
  ttft_ms: positiveInt.default(60_000),
  /** Longest silence allowed between two events of a running stream, ms. */
  idle_ms: positiveInt.default(30_000),
});

const poolSchema = z.strictObject({
  /** Pool id; a metrics label. */
  id: identifier,
  /** The model name clients put in `model`. */
  model: z.string().min(1).max(256),
  /** Engine kind of every replica in the pool. */
  engine: z.enum(ENGINE_KINDS),
  /** `max_tokens` used when a task does not give one. */
  default_max_tokens: positiveInt.default(256),
  /** Largest `max_tokens` a task may ask for. */
  max_tokens_limit: positiveInt.default(32_768),
  timeouts: timeoutsSchema.prefault({}),
  replicas: z.array(replicaSchema).min(1, 'a pool needs at least one replica'),
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
  /** Log level: `debug` includes adapter diagnostics. */
  log_level: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

/** The orchestrator configuration file, validated on load. */
export const configSchema = z
  .strictObject({
    server: serverSchema.prefault({}),
    pools: z.array(poolSchema).min(1, 'at least one pool is required'),
  })
  .superRefine((config, context) => {
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
        if (pool.engine !== 'mock' && replica.url === undefined) {
          context.addIssue({
            code: 'custom',
            path: [...path, 'url'],
            message: `required for engine "${pool.engine}"`,
          });
        }
      });
    });
  });

/** A validated configuration. */
export type OrchestratorConfig = z.infer<typeof configSchema>;
/** One validated pool. */
export type PoolConfig = OrchestratorConfig['pools'][number];
/** One validated replica. */
export type ReplicaConfig = PoolConfig['replicas'][number];
