import { fileURLToPath } from 'node:url';
import type { Task } from '@orch/adapter-api';
import { convertToTgiRequest, createTgiAdapter } from '@orch/adapter-tgi-http';
import { type FakeEngine, startFakeEngine } from '@orch/fake-engines';
import type { ConformanceProfile } from './conformance-profile.js';
import { createFakeEngineHooks, listExternalEngineUnsupported } from './fake-engine-hooks.js';
import { readJsonField, requestJson } from './fake-engine-http.js';

/** Few slots, so that a stream stuck in one would show in `slotsFree`; paced so that a cancel lands mid-stream. */
const FAKE_SLOTS = 4;
const TOKENS_PER_SECOND = 2000;

/**
 * Hugging Face TGI through `@orch/adapter-tgi-http`, against the fake TGI router of `@orch/fake-engines`
 * (specs/engines/tgi.md: `data:` without a space, errors inside 200 streams, no `[DONE]`). Faults are the fake's own
 * knobs, rendered the TGI way: an overload error as the first event of the stream (before start), a
 * generation error event after N tokens (mid-stream), a refused port (engine stopped).
 */
export const tgiProfile: ConformanceProfile = {
  name: 'tgi',
  description:
    'Hugging Face TGI over its native /generate_stream (@orch/adapter-tgi-http); without --url, the fake TGI router of @orch/fake-engines.',
  async open({ url, log }) {
    let fake: FakeEngine | undefined;
    if (url === undefined) {
      fake = await startFakeEngine('tgi', { slots: FAKE_SLOTS, tokensPerSecond: TOKENS_PER_SECOND });
      log(`started the fake TGI router at ${fake.url}`);
    }
    const baseUrl = (url ?? fake?.url ?? '').replace(/\/+$/, '');
    const model = readJsonField(await requestJson(`${baseUrl}/info`), 'model_id', 'GET /info');
    const adapter = createTgiAdapter({ baseUrl, model });
    const engine = fake;
    return {
      adapter,
      model,
      ...(engine === undefined
        ? { unsupported: listExternalEngineUnsupported('TGI') }
        : { goldenDir: fileURLToPath(new URL('../../golden/tgi', import.meta.url)) }),
      // The request the adapter sends (convertToTgiRequest), answered by the non-streaming /generate (specs/engines/tgi.md B.1).
      async referenceText(task: Task) {
        const { body } = convertToTgiRequest(task, task.prompt ?? '');
        return readJsonField(
          await requestJson(`${baseUrl}/generate`, body),
          'generated_text',
          'POST /generate',
        );
      },
      // The failure before start is a 429, which TGI answers as a 200 stream whose first event is
      // `{"error":"Model is overloaded","error_type":"overloaded"}` (specs/engines/tgi.md B.2). TGI has no free-slot figure: the fake
      // counts the generations it still runs.
      ...(engine === undefined
        ? {}
        : createFakeEngineHooks(engine, adapter, { slots: FAKE_SLOTS, failBeforeStartStatus: 429 })),
      async engineVersion() {
        return readJsonField(await requestJson(`${baseUrl}/info`), 'version', 'GET /info');
      },
      async close() {
        await adapter.close?.();
        await fake?.close();
      },
    };
  },
};
