export {
  computeRestartDelay,
  DEFAULT_RESTART_BACKOFF,
  type RestartBackoff,
} from './compute-restart-delay.js';
export type { EngineHealthCheck } from './engine-health-check.js';
export { type EngineLogger, silentEngineLogger } from './engine-logger.js';
export { createEngineProcess, type EngineProcess, type EngineProcessOptions } from './engine-process.js';
export {
  EngineStartError,
  type EngineStartErrorCode,
  type EngineStartErrorOptions,
  isEngineStartError,
} from './engine-start-error.js';
export type { EngineState } from './engine-state.js';
export type {
  EngineEvents,
  EngineExit,
  EngineReady,
  EngineStatus,
  EngineStatusChange,
} from './engine-status.js';
export {
  createEngineSupervisor,
  type EngineGaveUp,
  type EngineRestart,
  type EngineRestartFailure,
  type EngineSupervisor,
  type EngineSupervisorEvents,
  type EngineSupervisorOptions,
} from './engine-supervisor.js';
export { findFreePort } from './find-free-port.js';
export type { LaunchSpec } from './launch-spec.js';
export type { EngineLogLine } from './log-tail-buffer.js';
export { guardedProcessGroups } from './orphan-guard.js';
export {
  type HealthProbeResult,
  probeHealth,
  type ResolvedHealthCheck,
  resolveHealthCheck,
} from './probe-health.js';
export {
  type AcquireOptions,
  createSwapGroup,
  type SwapGroup,
  type SwapGroupEvents,
  type SwapGroupMember,
  type SwapGroupOptions,
  type SwapGroupPhase,
  type SwapGroupSnapshot,
  type SwapGroupWaiter,
  type SwapLease,
} from './swap-group.js';
export { SwapGroupError, type SwapGroupErrorCode } from './swap-group-error.js';
export type { SwappableEngine } from './swappable-engine.js';
