import type { EngineKind, WorkerAdapter } from '@orch/adapter-api';
import { ConfigError } from '../config/config-error.js';
import type { AdapterFactoryInput } from './adapter-factory-input.js';
import { createLlamaCppReplicaAdapter } from './create-llamacpp-replica-adapter.js';
import { createMockReplicaAdapter } from './create-mock-replica-adapter.js';
import { createOllamaReplicaAdapter } from './create-ollama-replica-adapter.js';
import { createOpenAiReplicaAdapter } from './create-openai-replica-adapter.js';
import { createTgiReplicaAdapter } from './create-tgi-replica-adapter.js';
import { createTritonReplicaAdapter } from './create-triton-replica-adapter.js';
import { createVllmReplicaAdapter } from './create-vllm-replica-adapter.js';

type AdapterFactory = (input: AdapterFactoryInput) => WorkerAdapter;

/** The engines this build can drive; the composition root is the only place adapters are created. */
const ADAPTER_FACTORIES: Partial<Record<EngineKind, AdapterFactory>> = {
  mock: createMockReplicaAdapter,
  llamacpp: createLlamaCppReplicaAdapter,
  tgi: createTgiReplicaAdapter,
  triton: createTritonReplicaAdapter,
  ollama: createOllamaReplicaAdapter,
  vllm: createVllmReplicaAdapter,
  openai: createOpenAiReplicaAdapter,
};

/** Creates the adapter for one replica of a pool. */
export function createReplicaAdapter(input: AdapterFactoryInput): WorkerAdapter {
  const factory = ADAPTER_FACTORIES[input.pool.engine];
  if (factory === undefined) {
    const available = Object.keys(ADAPTER_FACTORIES).join(', ');
    throw new ConfigError(
      `${input.configPath}: engine "${input.pool.engine}" has no adapter in this build (available: ${available})`,
    );
  }
  return factory(input);
}
