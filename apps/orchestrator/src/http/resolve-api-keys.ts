import { ConfigError } from '../config/config-error.js';
import type { OrchestratorConfig } from '../config/config-schema.js';

/** The API keys of `server.auth`: inline keys plus the comma-separated keys of `api_keys_env`. */
export function resolveApiKeys(config: OrchestratorConfig, env: NodeJS.ProcessEnv): string[] {
  const auth = config.server.auth;
  if (auth === undefined) return [];
  const keys = [...auth.api_keys];
  if (auth.api_keys_env !== undefined) {
    const value = env[auth.api_keys_env];
    if (value === undefined || value.trim().length === 0) {
      throw new ConfigError(`server.auth.api_keys_env: environment variable ${auth.api_keys_env} is not set`);
    }
    keys.push(
      ...value
        .split(',')
        .map((key) => key.trim())
        .filter((key) => key.length > 0),
    );
  }
  if (keys.length === 0) throw new ConfigError('server.auth: no API keys given (api_keys or api_keys_env)');
  return keys;
}
