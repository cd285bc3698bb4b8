export {
  type FaultProxy,
  type ProxyFault,
  type RequestMatcher,
  startFaultProxy,
} from './faults/start-fault-proxy.js';
export type { ConformanceProfile, OpenSessionOptions } from './profiles/conformance-profile.js';
export type { ConformanceSession } from './profiles/conformance-session.js';
export { BUILT_IN_PROFILE_NAMES, loadProfile } from './profiles/load-profile.js';
export {
  type ConformanceRunResult,
  PACKAGE_ROOT,
  type RunConformanceOptions,
  runConformance,
} from './run-conformance.js';
export type { OutcomeCounts, RunSummary, SkippedScenario } from './run-summary.js';
export { type CollectedStream, type CollectOptions, collectEvents } from './support/collect-events.js';
export { normaliseEvents, VOLATILE_KEYS } from './support/normalise-events.js';
