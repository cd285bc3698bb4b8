import type { AdapterModule } from '@orch/adapter-api';
import { llamaCppModule } from '@orch/adapter-llamacpp-http';
import { mockModule } from '@orch/adapter-mock';
import { ollamaModule } from '@orch/adapter-ollama-http';
import { openAiModule } from '@orch/adapter-openai-http';
import { tgiModule } from '@orch/adapter-tgi-http';
import { tritonModule } from '@orch/adapter-triton';
import { vllmModule } from '@orch/adapter-vllm-http';

/**
 * The engines this build can drive: the only list of them, and the only file that imports an engine
 * package. The config schema (engine names, options), the determinism and launch rules and the adapters
 * of the replicas are all derived from it. Adding an engine is one package and one line here.
 */
export const ENGINE_MODULES: readonly AdapterModule[] = [
  mockModule,
  llamaCppModule,
  vllmModule,
  tgiModule,
  tritonModule,
  openAiModule,
  ollamaModule,
];
