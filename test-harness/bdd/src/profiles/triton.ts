import { fileURLToPath } from 'node:url';
import type { Task } from '@orch/adapter-api';
import { convertToTritonRequest, createTritonAdapter } from '@orch/adapter-triton';
import { type FakeEngine, startFakeEngine } from '@orch/fake-engines';
import type { ConformanceProfile } from './conformance-profile.js';
import { createFakeEngineHooks, listExternalEngineUnsupported } from './fake-engine-hooks.js';
import { readJsonField, requestJson } from './fake-engine-http.js';

const FAKE_SLOTS = 4;
const TOKENS_PER_SECOND = 2000;
/** The ensemble model every TensorRT-LLM repository serves (specs/engines/triton.md C.2). */
const TRITON_MODEL = 'ensemble';

/**
 * Triton + TensorRT-LLM through `@orch/adapter-triton`, against the fake Triton server of `@orch/fake-engines`
 * (specs/engines/triton.md: generate extension, `{"error"}` events, no `[DONE]`, 400 while not ready). The fake streams
 * one clean delta per token, as the default ensemble does with a postprocessing model that decodes correctly,
 * so the adapter runs in `delta` text mode here; the accumulated mode and the specs/engines/cross-engine.md E.5 quirks are covered by the
 * adapter's own fixture tests.
 */
export const tritonProfile: ConformanceProfile = {
  name: 'triton',
  description:
    'Triton Inference Server + TensorRT-LLM ensemble over the generate extension (@orch/adapter-triton); without --url, the fake Triton of @orch/fake-engines.',
  async open({ url, log }) {
    let fake: FakeEngine | undefined;
    if (url === undefined) {
      fake = await startFakeEngine('triton', { slots: FAKE_SLOTS, tokensPerSecond: TOKENS_PER_SECOND });
      log(`started the fake Triton server at ${fake.url}`);
    }
    const baseUrl = (url ?? fake?.url ?? '').replace(/\/+$/, '');
    const adapter = createTritonAdapter({
      baseUrl,
      model: TRITON_MODEL,
      tritonModel: TRITON_MODEL,
      textMode: 'delta',
    });
    const engine = fake;
    return {
      adapter,
      model: TRITON_MODEL,
      ...(engine === undefined
        ? { unsupported: listExternalEngineUnsupported('Triton') }
        : { goldenDir: fileURLToPath(new URL('../../golden/triton', import.meta.url)) }),
      // The inputs the adapter sends (both seed names: the model ignores the one it lacks), on /generate.
      async referenceText(task: Task) {
        const { body } = convertToTritonRequest(task, task.prompt ?? '', ['seed', 'random_seed']);
        const answer = await requestJson(`${baseUrl}/v2/models/${TRITON_MODEL}/generate`, {
          ...body,
          stream: false,
        });
        return readJsonField(answer, 'text_output', 'POST /generate');
      },
      // The status of the first response: 503 `{"error":…}` before streaming (specs/engines/triton.md C.1).
      // `data: {"error":"Executor failed …"}` after N responses (specs/engines/triton.md C.7).
      ...(engine === undefined
        ? {}
        : createFakeEngineHooks(engine, adapter, { slots: FAKE_SLOTS, failBeforeStartStatus: 503 })),
      async engineVersion() {
        return `triton ${readJsonField(await requestJson(`${baseUrl}/v2`), 'version', 'GET /v2')}`;
      },
      async close() {
        await adapter.close?.();
        await fake?.close();
      },
    };
  },
};
