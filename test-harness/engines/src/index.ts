export { ENGINE_TESTKIT_DIR, FETCH_SCRIPT_PATH, REPO_ROOT, resolveCacheDir } from './cache-paths.js';
export { ensureLlamaServerBinary, type LlamaServerBinary } from './ensure-llama-server-binary.js';
export { ensureTinyModel, type TinyModelFile } from './ensure-tiny-model.js';
export { findProcessGroups } from './find-process-groups.js';
export { LlamaServerStartError } from './llama-server-start-error.js';
export type { RunningLlamaServer } from './running-llama-server.js';
export { startLlamaServer } from './start-llama-server.js';
export type { StartLlamaServerOptions } from './start-llama-server-options.js';
export { fetchRedisServer, type RedisServerFixture, startRedisServer } from './start-redis-server.js';
