import { readFile } from 'node:fs/promises';
import type { AdapterModule } from '@orch/adapter-api';
import { ConfigError } from './config-error.js';
import type { OrchestratorConfig } from './config-schema.js';
import { parseConfig } from './parse-config.js';

/** Reads and validates a configuration file whose pools use the engines of `modules`. */
export async function loadConfig(
  path: string,
  modules: readonly AdapterModule[],
): Promise<OrchestratorConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : String(error);
    throw new ConfigError(`${path}: cannot read the configuration file (${reason})`);
  }
  return parseConfig(text, path, modules);
}
