import type { AdapterModule } from '@orch/adapter-api';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from './config-error.js';
import { createConfigSchema, type OrchestratorConfig } from './config-schema.js';
import { formatIssuePath } from './format-issue-path.js';

/**
 * Parses and validates a YAML (or JSON) configuration text. Every problem is listed, each naming the field
 * and what was expected; `source` names the file in the message. `modules` are the engines it may use.
 */
export function parseConfig(
  text: string,
  source: string,
  modules: readonly AdapterModule[],
): OrchestratorConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: true });
  } catch (error) {
    throw new ConfigError(`${source}: not valid YAML: ${(error as Error).message}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(`${source}: expected a mapping with a "pools" list at the top level`);
  }
  const result = createConfigSchema(modules).safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${formatIssuePath(issue.path)}: ${issue.message}`);
    throw new ConfigError(`${source}: invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
