import { createOpenAiAdapter } from '@orch/adapter-openai-http';
import type { ConformanceProfile } from './conformance-profile.js';
import { openVllmSession } from './vllm-fake-session.js';

/**
 * The OpenAI-compatible adapter (`@orch/adapter-openai-http`) against a vLLM server, which is OpenAI-compatible
 * too: the fake vLLM server of `@orch/fake-engines` without `--url`. The `openai` profile runs the same adapter
 * against a real llama-server.
 */
export const openaiVllmFakeProfile: ConformanceProfile = {
  name: 'openai-vllm-fake',
  description:
    'The OpenAI-compatible adapter (@orch/adapter-openai-http) against a vLLM server; without --url, the fake vLLM server of @orch/fake-engines.',
  open: (options) =>
    openVllmSession({
      ...options,
      goldenName: 'openai-vllm-fake',
      createAdapter: (baseUrl, model) => createOpenAiAdapter({ baseUrl, model }),
    }),
};
