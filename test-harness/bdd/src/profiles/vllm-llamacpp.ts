import { createVllmAdapter } from '@orch/adapter-vllm-http';
import type { ConformanceProfile } from './conformance-profile.js';
import { openOnOpenAiRoutes } from './openai.js';

/**
 * The vLLM adapter (`@orch/adapter-vllm-http`) on llama.cpp's OpenAI routes: `/v1/completions` streaming with
 * `stream_options.include_usage` is the same wire in both servers (specs/engines/vllm.md A.2, specs/engines/llamacpp.md D.3), so a real engine
 * checks the adapter's streaming path, not only the fake. llama-server has no `/version`; the adapter then
 * reports the version it can find and the suite compares it with nothing else (CONF-012 runs on `/props`).
 */
export const vllmLlamacppProfile: ConformanceProfile = {
  name: 'vllm-llamacpp',
  description:
    "The vLLM adapter (@orch/adapter-vllm-http) on llama.cpp's /v1 routes; without --url, a local llama-server with a tiny generated model.",
  open: (options) =>
    openOnOpenAiRoutes(options, 'vllm-llamacpp', (baseUrl, settings) =>
      createVllmAdapter({ baseUrl, ...settings }),
    ),
};
