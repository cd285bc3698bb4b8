import type { EngineHealthPreset } from '@orch/adapter-api';
import { z } from 'zod';

const positiveInt = z.number().int().positive();

const name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'expected 1-64 letters, digits, ".", "_" or "-" (no spaces)');

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name');

/**
 * `launch.health`. `kind` names a health preset (an engine's, or `http-200`) and is resolved to it here, so
 * that the validated config holds the preset itself (`preset`).
 */
function createHealthSchema(presets: ReadonlyMap<string, EngineHealthPreset>) {
  const kinds = [...presets.keys()] as [string, ...string[]];
  return z
    .strictObject({
      /** Health preset (probe path and readiness rule); default: the pool's engine's (`http-200` for others). */
      kind: z.enum(kinds).optional(),
      /** Path probed with GET; overrides the preset's. */
      path: z.string().startsWith('/', 'expected a path starting with "/"').optional(),
      /** HTTP statuses that mean "ready"; default: the preset's (`[200]`). Any other answer means "still loading". */
      ready_statuses: z.array(z.number().int().min(100).max(599)).min(1).optional(),
      /** Time between probes while starting, ms. */
      interval_ms: positiveInt.optional(),
      /** Timeout of one probe, ms. */
      probe_timeout_ms: positiveInt.optional(),
    })
    .transform(({ kind, ...health }) => ({
      ...health,
      /** The preset `kind` named, when it named one. */
      preset: kind === undefined ? undefined : presets.get(kind),
    }));
}

/** Fields a variant may set; they replace the base `launch` fields (`env` is merged, the variant wins). */
function createLaunchOverrides(presets: ReadonlyMap<string, EngineHealthPreset>) {
  return {
    /** The engine binary: absolute path, relative path, or a name looked up on `PATH`. */
    command: z.string().min(1).optional(),
    /** Engine flags, passed verbatim after `{port}`, `{host}`, `{model}`, `{pool_model}`, `{pool_id}`, `{replica_id}` substitution. */
    args: z.array(z.string()).optional(),
    /** Extra environment variables for this engine process only (placeholders substituted too). */
    env: z.record(envName, z.string()).optional(),
    /** When false, the engine sees only `env` and `PATH`, not the orchestrator's environment. */
    inherit_env: z.boolean().optional(),
    /** Working directory of the engine; must exist. */
    cwd: z.string().min(1).optional(),
    /** Model path or id, substituted for `{model}`. */
    model: z.string().min(1).optional(),
    health: createHealthSchema(presets).optional(),
    /** Longest time from spawn to a ready health answer, ms. */
    start_timeout_ms: positiveInt.optional(),
    /** Time between SIGTERM and SIGKILL of the engine's process group, ms. */
    stop_timeout_ms: positiveInt.optional(),
  };
}

/**
 * `replicas[].launch`: the orchestrator starts, supervises and stops this replica's engine process itself
 * (specs/lifecycle.md). `presets` are the health presets `health.kind` may name.
 */
export function createLaunchSchema(presets: ReadonlyMap<string, EngineHealthPreset>) {
  const overrides = createLaunchOverrides(presets);
  return z.strictObject({
    ...overrides,
    /** Address the engine binds, substituted for `{host}`. Default: the `url`'s host, else 127.0.0.1. */
    host: z.string().min(1).optional(),
    /** Fixed port for `{port}`. Default: the `url`'s port, else a free port picked by the orchestrator. */
    port: z.number().int().min(0).max(65_535).optional(),
    /**
     * `persistent`: started with the orchestrator and kept running. `lazy`: started by the first task for
     * its pool, stopped after `idle_ms` without tasks (or when its swap group needs the room).
     */
    mode: z.enum(['persistent', 'lazy']).default('persistent'),
    /** Lazy only: stop the engine after this long with no task, ms. Default: never (only a swap stops it). */
    idle_ms: positiveInt.optional(),
    /** Lazy only: engines with the same group name never run at the same time (one GPU, one model). */
    swap_group: name.optional(),
    /** With a fixed port: reuse a healthy server already answering there instead of starting another. */
    reuse_existing: z.boolean().default(true),
    /** Restart of a crashed engine: `base_ms · 2^(n-1)` capped at `max_ms`; give up after `max_restarts`. */
    restart: z
      .strictObject({
        base_ms: positiveInt.default(1_000),
        max_ms: positiveInt.default(30_000),
        max_restarts: z.number().int().nonnegative().optional(),
      })
      .prefault({}),
    /** Name of the variant to run (a key of `variants`); its fields replace the base fields. */
    variant: name.optional(),
    /** Named variants of this launch (e.g. a CPU and a GPU build, or another flag set), chosen by `variant`. */
    variants: z.record(name, z.strictObject(overrides)).optional(),
  });
}

/** A validated `launch` section. */
export type LaunchConfig = z.output<ReturnType<typeof createLaunchSchema>>;
/** A validated launch variant. */
export type LaunchVariantConfig = NonNullable<LaunchConfig['variants']>[string];
