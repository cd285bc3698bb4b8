export { createConfigSchema, type OrchestratorConfig, type PoolConfig } from './config/config-schema.js';
export { parseConfig } from './config/parse-config.js';
export { createApp } from './create-app.js';
export type { AppDeps } from './deps/app-deps.js';
export { ENGINE_MODULES } from './engine-modules.js';
export { type RunningOrchestrator, type StartOptions, startOrchestrator } from './main.js';
