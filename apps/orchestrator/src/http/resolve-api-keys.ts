import { createHash } from 'node:crypto';
import { ConfigError } from '../config/config-error.js';
import type { OrchestratorConfig } from '../config/config-schema.js';
import type { ApiKeyGrant } from '../security/api-key-grant.js';

function readVariable(env: NodeJS.ProcessEnv, name: string, field: string): string {
  const value = env[name];
  if (value === undefined || value.trim().length === 0) {
    throw new ConfigError(`${field}: environment variable ${name} is not set`);
  }
  return value;
}

/** The name of a key given without one: a short digest, stable across restarts, that reveals nothing. */
function nameOfPlainKey(key: string): string {
  return `key-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}

/**
 * The API keys of `server.auth` with their names and scopes: inline `api_keys`, the comma-separated keys of
 * `api_keys_env` (both unscoped) and the named `keys` (inline or from `key_env`).
 */
export function resolveApiKeyGrants(config: OrchestratorConfig, env: NodeJS.ProcessEnv): ApiKeyGrant[] {
  const auth = config.server.auth;
  if (auth === undefined) return [];
  const plain = [...auth.api_keys];
  if (auth.api_keys_env !== undefined) {
    plain.push(
      ...readVariable(env, auth.api_keys_env, 'server.auth.api_keys_env')
        .split(',')
        .map((key) => key.trim())
        .filter((key) => key.length > 0),
    );
  }
  const grants: ApiKeyGrant[] = plain.map((key) => ({ key, name: nameOfPlainKey(key) }));
  auth.keys.forEach((entry, index) => {
    const key =
      entry.key ?? readVariable(env, entry.key_env as string, `server.auth.keys[${index}].key_env`).trim();
    if (key.length < 16) {
      throw new ConfigError(`server.auth.keys[${index}]: API keys must be at least 16 characters`);
    }
    grants.push({
      key,
      name: entry.name,
      ...(entry.models === undefined ? {} : { models: entry.models }),
      ...(entry.operator ? { operator: true } : {}),
    });
  });
  if (grants.length === 0) {
    throw new ConfigError('server.auth: no API keys given (api_keys, api_keys_env or keys)');
  }
  return grants;
}

/** The API keys of `server.auth`, without names or scopes. */
export function resolveApiKeys(config: OrchestratorConfig, env: NodeJS.ProcessEnv): string[] {
  return resolveApiKeyGrants(config, env).map((grant) => grant.key);
}
