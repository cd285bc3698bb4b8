import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Task } from '@orch/adapter-api';
import { convertToLlamaCppRequest, createLlamaCppAdapter } from '@orch/adapter-llamacpp-http';
import { type ProxyFault, startFaultProxy } from '../faults/start-fault-proxy.js';
import type { ConformanceProfile } from './conformance-profile.js';
import { readJsonField, requestJson } from './fake-engine-http.js';
import { openLlamaServer } from './llama-server-under-test.js';

const isCompletion = ({ method, path }: { method: string; path: string }) =>
  method === 'POST' && (path === '/completion' || path.startsWith('/completion?'));

/** A 500 as llama-server writes it (specs/engines/llamacpp.md D.5), e.g. for an exception while preparing the task. */
const ENGINE_ERROR_BODY = JSON.stringify({
  error: { code: 500, message: 'conformance suite: injected engine failure', type: 'server_error' },
});

/**
 * llama.cpp's `llama-server` through `@orch/adapter-llamacpp-http`. Without `--url` it starts a real
 * llama-server with the tiny generated model (`@orch/engine-testkit`); with `--url` it drives that server
 * and injects faults through a proxy in front of it.
 */
export const llamacppProfile: ConformanceProfile = {
  name: 'llamacpp',
  description:
    'llama.cpp llama-server over its native HTTP API (@orch/adapter-llamacpp-http); without --url, a local llama-server with a tiny generated model.',
  async open(options) {
    const server = await openLlamaServer(options);
    const { baseUrl } = server;
    // The file name, not the path: golden files must not depend on where the cache lives.
    const model = basename(readJsonField(await requestJson(`${baseUrl}/props`), 'model_path', 'GET /props'));
    const adapter = createLlamaCppAdapter({ baseUrl, model });
    const proxies: { close(): Promise<void> }[] = [];

    async function adapterBehindFault(fault: ProxyFault) {
      const proxy = await startFaultProxy(baseUrl, fault);
      proxies.push(proxy);
      return createLlamaCppAdapter({ baseUrl: proxy.url, model });
    }

    return {
      adapter,
      model,
      ...(!server.started
        ? { unsupported: { '@CONF-014': 'the suite cannot stop an engine it did not start (--url)' } }
        : { goldenDir: fileURLToPath(new URL('../../golden/llamacpp', import.meta.url)) }),
      // The same request the adapter sends (convertToLlamaCppRequest), answered without streaming (specs/engines/llamacpp.md D.2).
      async referenceText(task: Task) {
        const { body } = convertToLlamaCppRequest(task, task.prompt ?? '', { cachePrompt: false });
        const answer = await requestJson(`${baseUrl}/completion`, { ...body, stream: false });
        return readJsonField(answer, 'content', 'the /completion answer');
      },
      failBeforeStart: () =>
        adapterBehindFault({ kind: 'respond', match: isCompletion, status: 500, body: ENGINE_ERROR_BODY }),
      failMidStream: (afterTokens) =>
        adapterBehindFault({ kind: 'cut-after-events', match: isCompletion, events: afterTokens }),
      ...server.restartHooks,
      async slotsFree() {
        const free = (await adapter.properties()).slots_free;
        if (free === undefined)
          throw new Error('the adapter reports no slots_free (is the server run with --no-slots?)');
        return free;
      },
      async engineVersion() {
        return readJsonField(await requestJson(`${baseUrl}/props`), 'build_info', 'GET /props');
      },
      async close() {
        await adapter.close?.();
        for (const proxy of proxies.splice(0)) await proxy.close();
        await server.stop();
      },
    };
  },
};
