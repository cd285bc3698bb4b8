import type { EngineHealthPreset } from '@orch/adapter-api';
import type { EngineHealthCheck, LaunchSpec } from '@orch/engine-supervisor';
import { HTTP_200_HEALTH_PRESET } from '../config/health-presets.js';
import type { LaunchConfig, LaunchVariantConfig } from '../config/launch-config-schema.js';
import { portOfUrl } from '../config/port-of-url.js';

/** What the orchestrator needs to run one managed replica. */
export interface ResolvedLaunch {
  /** The supervisor's launch spec, variant applied and orchestrator placeholders substituted. */
  spec: LaunchSpec;
  mode: LaunchConfig['mode'];
  idleMs: number | undefined;
  swapGroup: string | undefined;
  /** The chosen variant, if any. */
  variant: string | undefined;
  restart: LaunchConfig['restart'];
}

/** Where a managed replica sits in the configuration. */
export interface LaunchOwner {
  poolId: string;
  /** The pool's `model` (what clients ask for), for `{pool_model}`. */
  poolModel: string;
  /** The health preset of the pool's engine (from its module); `http-200` when it has none. */
  healthPreset: EngineHealthPreset | undefined;
  replicaId: string;
  /** The replica's `url`, when it has one: its host and port become the engine's unless `launch` sets them. */
  url: string | undefined;
}

/** Placeholders the orchestrator fills before the supervisor fills `{port}`, `{host}` and `{model}`. */
const OWNER_PLACEHOLDER = /\{(pool_model|pool_id|replica_id)\}/g;

/**
 * Turns a validated `launch` section into a launch spec: the chosen variant's fields replace the base ones
 * (`env` merged), host and port come from `launch`, else from `url`, and `{pool_model}`, `{pool_id}`,
 * `{replica_id}` are substituted. Assumes {@link findLaunchConfigProblems} found nothing.
 */
export function resolveLaunch(launch: LaunchConfig, owner: LaunchOwner): ResolvedLaunch {
  const variant: LaunchVariantConfig =
    launch.variant === undefined ? {} : (launch.variants?.[launch.variant] ?? {});
  const merged = { ...launch, ...variant, env: { ...launch.env, ...variant.env } };
  const fill = (text: string) =>
    text.replace(OWNER_PLACEHOLDER, (_match, key: string) =>
      key === 'pool_model' ? owner.poolModel : key === 'pool_id' ? owner.poolId : owner.replicaId,
    );
  const address = owner.url === undefined ? undefined : new URL(owner.url);
  const spec: LaunchSpec = {
    command: merged.command ?? '',
    args: (merged.args ?? []).map(fill),
    env: Object.fromEntries(Object.entries(merged.env).map(([key, value]) => [key, fill(value)])),
    health: resolveHealth(merged.health, owner.healthPreset),
    reuseExisting: launch.reuse_existing,
  };
  if (merged.inherit_env !== undefined) spec.inheritEnv = merged.inherit_env;
  if (merged.cwd !== undefined) spec.cwd = merged.cwd;
  if (merged.model !== undefined) spec.model = merged.model;
  if (merged.start_timeout_ms !== undefined) spec.startTimeoutMs = merged.start_timeout_ms;
  if (merged.stop_timeout_ms !== undefined) spec.stopTimeoutMs = merged.stop_timeout_ms;
  const host = launch.host ?? (address ? address.hostname.replace(/^\[(.*)\]$/, '$1') : undefined);
  if (host !== undefined) spec.host = host;
  const port = launch.port ?? (address ? portOfUrl(address) : undefined);
  if (port !== undefined) spec.port = port;
  return {
    spec,
    mode: launch.mode,
    idleMs: launch.idle_ms,
    swapGroup: launch.swap_group,
    variant: launch.variant,
    restart: launch.restart,
  };
}

/**
 * The readiness rule of a launched engine: the preset `health.kind` names, else the engine's own, else
 * `http-200`; `path` and `ready_statuses` override the preset's.
 */
function resolveHealth(
  health: LaunchConfig['health'],
  enginePreset: EngineHealthPreset | undefined,
): EngineHealthCheck {
  const preset = health?.preset ?? enginePreset ?? HTTP_200_HEALTH_PRESET;
  const statuses = health?.ready_statuses ?? preset.readyStatuses;
  const check: EngineHealthCheck = {
    path: health?.path ?? preset.path,
    ready: (status) => statuses.includes(status),
  };
  if (health?.interval_ms !== undefined) check.intervalMs = health.interval_ms;
  if (health?.probe_timeout_ms !== undefined) check.probeTimeoutMs = health.probe_timeout_ms;
  return check;
}
