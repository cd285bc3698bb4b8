import type { AdapterModule } from '@orch/adapter-api';
import { createConfigSchema, type OrchestratorConfig } from './config-schema.js';

/**
 * The embedded configuration used when no `--config` is given: one pool named `mock`, served by the built-in
 * mock engine at a pace a person can watch, so the orchestrator works with no engine installed.
 */
export function createDefaultConfig(modules: readonly AdapterModule[]): OrchestratorConfig {
  return createConfigSchema(modules).parse({
    pools: [
      {
        id: 'mock',
        model: 'mock',
        engine: 'mock',
        default_max_tokens: 32,
        replicas: [
          { id: 'mock-0', options: { tokens_per_second: 20 } },
          { id: 'mock-1', options: { tokens_per_second: 20 } },
        ],
      },
    ],
  });
}
