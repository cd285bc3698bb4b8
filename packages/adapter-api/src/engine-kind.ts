/**
 * The name of an engine, as a pool's `engine` in the config and an adapter's `engine` (e.g. `llamacpp`).
 * The set is open: it is whatever the orchestrator's list of adapter modules holds.
 */
export type EngineKind = string;
