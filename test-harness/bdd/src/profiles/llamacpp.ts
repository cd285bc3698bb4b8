import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Task } from '@orch/adapter-api';
import { convertToLlamaCppRequest, createLlamaCppAdapter } from '@orch/adapter-llamacpp-http';
import {
  type RunningLlamaServer,
  type StartLlamaServerOptions,
  startLlamaServer,
} from '@orch/engine-testkit';
import { type ProxyFault, startFaultProxy } from '../faults/start-fault-proxy.js';
import type { ConformanceProfile } from './conformance-profile.js';

/** Two slots, so that a task stuck in one slot would show in `slots_free`. */
const SERVER_OPTIONS: StartLlamaServerOptions = { slots: 2 };
const REQUEST_TIMEOUT_MS = 30_000;

const isCompletion = ({ method, path }: { method: string; path: string }) =>
  method === 'POST' && (path === '/completion' || path.startsWith('/completion?'));

/** A 500 as llama-server writes it (specs/engines/llamacpp.md D.5), e.g. for an exception while preparing the task. */
const ENGINE_ERROR_BODY = JSON.stringify({
  error: { code: 500, message: 'conformance suite: injected engine failure', type: 'server_error' },
});

async function postJson(url: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`POST ${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return response.json();
}

function readStringField(value: unknown, field: string, what: string): string {
  const found =
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[field] : undefined;
  if (typeof found !== 'string') throw new Error(`${what} has no string "${field}"`);
  return found;
}

/**
 * llama.cpp's `llama-server` through `@orch/adapter-llamacpp-http`. Without `--url` it starts a real
 * llama-server with the tiny generated model (`@orch/engine-testkit`); with `--url` it drives that server
 * and injects faults through a proxy in front of it.
 */
export const llamacppProfile: ConformanceProfile = {
  name: 'llamacpp',
  description:
    'llama.cpp llama-server over its native HTTP API (@orch/adapter-llamacpp-http); without --url, a local llama-server with a tiny generated model.',
  async open({ url, log }) {
    let server: RunningLlamaServer | undefined;
    if (url === undefined) {
      server = await startLlamaServer(SERVER_OPTIONS);
      log(`started llama-server ${server.version} at ${server.url} (${server.startupMs} ms)`);
    }
    const baseUrl = (url ?? server?.url ?? '').replace(/\/+$/, '');
    // The file name, not the path: golden files must not depend on where the cache lives.
    const model = basename(readStringField(await getJson(`${baseUrl}/props`), 'model_path', 'GET /props'));
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
      ...(server === undefined
        ? { unsupported: { '@CONF-014': 'the suite cannot stop an engine it did not start (--url)' } }
        : { goldenDir: fileURLToPath(new URL('../../golden/llamacpp', import.meta.url)) }),
      // The same request the adapter sends (convertToLlamaCppRequest), answered without streaming (specs/engines/llamacpp.md D.2).
      async referenceText(task: Task) {
        const { body } = convertToLlamaCppRequest(task, task.prompt ?? '', { cachePrompt: false });
        const answer = await postJson(`${baseUrl}/completion`, { ...body, stream: false });
        return readStringField(answer, 'content', 'the /completion answer');
      },
      failBeforeStart: () =>
        adapterBehindFault({ kind: 'respond', match: isCompletion, status: 500, body: ENGINE_ERROR_BODY }),
      failMidStream: (afterTokens) =>
        adapterBehindFault({ kind: 'cut-after-events', match: isCompletion, events: afterTokens }),
      ...(server === undefined
        ? {}
        : {
            async stopEngine() {
              await server?.stop();
            },
            async startEngine() {
              const port = server?.port;
              server = await startLlamaServer({ ...SERVER_OPTIONS, ...(port === undefined ? {} : { port }) });
              log(`restarted llama-server at ${server.url}`);
            },
          }),
      async slotsFree() {
        const free = (await adapter.properties()).slots_free;
        if (free === undefined)
          throw new Error('the adapter reports no slots_free (is the server run with --no-slots?)');
        return free;
      },
      async engineVersion() {
        return readStringField(await getJson(`${baseUrl}/props`), 'build_info', 'GET /props');
      },
      async close() {
        await adapter.close?.();
        for (const proxy of proxies.splice(0)) await proxy.close();
        await server?.stop();
      },
    };
  },
};
