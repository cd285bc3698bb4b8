import { fileURLToPath } from 'node:url';
import type { Task } from '@orch/adapter-api';
import { convertToOllamaRequest, createOllamaAdapter } from '@orch/adapter-ollama-http';
import { type FakeEngine, startFakeEngine } from '@orch/fake-engines';
import type { ConformanceProfile } from './conformance-profile.js';
import { createFakeEngineHooks, listExternalEngineUnsupported } from './fake-engine-hooks.js';
import { readJsonField, requestJson } from './fake-engine-http.js';

const FAKE_SLOTS = 4;
const TOKENS_PER_SECOND = 2000;
/** The model `--url` runs ask for when the server has several: the first one `/api/tags` lists. */
async function firstPulledModel(baseUrl: string): Promise<string> {
  const tags = (await requestJson(`${baseUrl}/api/tags`)) as { models?: unknown[] };
  const first = tags.models?.[0];
  return readJsonField(first, 'name', 'the first /api/tags model');
}

/** The non-streamed answer of a generate or chat request (F). */
function readAnswerText(answer: unknown): string {
  const record = (typeof answer === 'object' && answer !== null ? answer : {}) as Record<string, unknown>;
  if (typeof record.response === 'string') return record.response;
  return readJsonField(record.message, 'content', 'the /api/chat answer');
}

/**
 * Ollama through `@orch/adapter-ollama-http`, against the fake Ollama server of `@orch/fake-engines`
 * (specs/engines/ollama.md: NDJSON lines, `{"error"}` before and inside streams, `done_reason`). Faults are the fake's
 * knobs, rendered the Ollama way: a 503 `{"error"}` before the stream, an error line after N tokens, a refused
 * port.
 */
export const ollamaProfile: ConformanceProfile = {
  name: 'ollama',
  description:
    'Ollama over its native NDJSON API (@orch/adapter-ollama-http); without --url, the fake Ollama of @orch/fake-engines.',
  async open({ url, log }) {
    let fake: FakeEngine | undefined;
    if (url === undefined) {
      fake = await startFakeEngine('ollama', { slots: FAKE_SLOTS, tokensPerSecond: TOKENS_PER_SECOND });
      log(`started the fake Ollama server at ${fake.url}`);
    }
    const baseUrl = (url ?? fake?.url ?? '').replace(/\/+$/, '');
    const model = fake?.model ?? (await firstPulledModel(baseUrl));
    const adapter = createOllamaAdapter({ baseUrl, model });
    const engine = fake;
    return {
      adapter,
      model,
      ...(engine === undefined
        ? { unsupported: listExternalEngineUnsupported('Ollama') }
        : { goldenDir: fileURLToPath(new URL('../../golden/ollama', import.meta.url)) }),
      // The request the adapter sends (convertToOllamaRequest) with `stream: false`: one JSON answer.
      async referenceText(task: Task) {
        const { request } = convertToOllamaRequest(task, { ollamaModel: model });
        return readAnswerText(
          await requestJson(`${baseUrl}${request.path}`, { ...request.body, stream: false }),
        );
      },
      ...(engine === undefined
        ? {}
        : createFakeEngineHooks(engine, adapter, { slots: FAKE_SLOTS, failBeforeStartStatus: 503 })),
      async engineVersion() {
        return readJsonField(await requestJson(`${baseUrl}/api/version`), 'version', 'GET /api/version');
      },
      async close() {
        await adapter.close?.();
        await fake?.close();
      },
    };
  },
};
