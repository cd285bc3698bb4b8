import type { AdapterHealth } from '@orch/adapter-api';
import type { EngineClient } from '@orch/adapter-utils';
import { isSameOllamaModel } from './normalize-ollama-model-name.js';
import { ollamaPsSchema, ollamaTagsSchema } from './ollama-api-types.js';

/**
 * Ollama's health, kept simple (F): the server is up when `/api/ps` answers. The model is `ready` when it is
 * loaded, or when it is pulled and nothing waits for it (Ollama loads it on first use: slow, not failed);
 * `loading` while a task of this adapter waits for its first answer and the model is not loaded yet (that wait
 * is the load); `unhealthy` when the model is not pulled at all (every task would fail with 404). Refused or
 * timed out → `down`. Never throws.
 */
export async function probeOllamaHealth(
  client: EngineClient,
  model: string,
  timeoutMs: number,
  firstAnswerPending: () => boolean,
): Promise<AdapterHealth> {
  const startedAt = performance.now();
  const resident = { loaded: false };
  const ps = await client.probeHealth({
    path: '/api/ps',
    timeoutMs,
    interpret: ({ status, bodyText }) => {
      // Ollama before 0.1.33 has no /api/ps (404): it is up, and the model list decides below.
      if (status === 404) return { state: 'ready' };
      if (status !== 200) return { state: 'unhealthy', detail: `GET /api/ps answered HTTP ${status}` };
      const loaded = client.parseJson(ollamaPsSchema, bodyText, '/api/ps answer');
      if (loaded.models.some((entry) => isSameOllamaModel(entry.name, model))) resident.loaded = true;
      return { state: 'ready' };
    },
  });
  const finish = (health: AdapterHealth): AdapterHealth => ({
    ...health,
    latency_ms: performance.now() - startedAt,
  });
  if (ps.state !== 'ready' || resident.loaded) return finish(ps);
  if (firstAnswerPending())
    return finish({ state: 'loading', detail: `loading ${model}: a first request is pending` });
  const tags = await client.probeHealth({
    path: '/api/tags',
    timeoutMs,
    interpret: ({ status, bodyText }) => {
      if (status !== 200) return { state: 'unhealthy', detail: `GET /api/tags answered HTTP ${status}` };
      const pulled = client
        .parseJson(ollamaTagsSchema, bodyText, '/api/tags answer')
        .models.some(
          (entry) => isSameOllamaModel(entry.name, model) || isSameOllamaModel(entry.model ?? '', model),
        );
      return pulled ? { state: 'ready' } : { state: 'unhealthy', detail: `model ${model} is not pulled` };
    },
  });
  return finish(tags);
}
