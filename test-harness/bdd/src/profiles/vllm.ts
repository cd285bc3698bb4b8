import { createVllmAdapter } from '@orch/adapter-vllm-http';
import type { ConformanceProfile } from './conformance-profile.js';
import { openVllmSession } from './vllm-fake-session.js';

/**
 * vLLM's OpenAI-compatible server through `@orch/adapter-vllm-http`. Without `--url` it runs against the fake
 * vLLM server of `@orch/fake-engines` (empty-text chunks and split characters on, faults from its knobs);
 * with `--url` against a real vLLM, faults through the proxy. Every scenario runs.
 */
export const vllmProfile: ConformanceProfile = {
  name: 'vllm',
  description:
    "vLLM's OpenAI-compatible server (@orch/adapter-vllm-http); without --url, the fake vLLM server of @orch/fake-engines.",
  open: (options) =>
    openVllmSession({
      ...options,
      goldenName: 'vllm',
      createAdapter: (baseUrl, model) => createVllmAdapter({ baseUrl, model }),
    }),
};
