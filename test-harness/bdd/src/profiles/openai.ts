import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Task, WorkerAdapter } from '@orch/adapter-api';
import { createOpenAiAdapter, type OpenAiAdapterSettings } from '@orch/adapter-openai-http';
import { type ProxyFault, startFaultProxy } from '../faults/start-fault-proxy.js';
import type { ConformanceProfile, OpenSessionOptions } from './conformance-profile.js';
import type { ConformanceSession } from './conformance-session.js';
import { readJsonField, requestCompletionText, requestJson } from './fake-engine-http.js';
import { openLlamaServer } from './llama-server-under-test.js';

/** llama-server reuses the KV cache by default, which can break byte-identical replays (specs/engines/cross-engine.md E.6). */
// `extendedSampling`: llama-server takes top_k and min_p, so the whole sampler profile reaches it (ORCH-DET-021).
const ADAPTER_SETTINGS: Partial<OpenAiAdapterSettings> = {
  extraBody: { cache_prompt: false },
  extendedSampling: true,
};

const isGeneration = ({ method, path }: { method: string; path: string }) =>
  method === 'POST' && /^\/v1\/(?:chat\/)?completions(?:\?|$)/.test(path);

/** A 500 as llama-server writes it (specs/engines/llamacpp.md D.5). */
const ENGINE_ERROR_BODY = JSON.stringify({
  error: { code: 500, message: 'conformance suite: injected engine failure', type: 'server_error' },
});

/** Free slots from llama-server's `/slots` (specs/engines/llamacpp.md D.4), or `undefined` where the server has no such endpoint. */
async function readFreeSlots(baseUrl: string): Promise<number | undefined> {
  const response = await fetch(`${baseUrl}/slots`, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) return undefined;
  const slots = (await response.json()) as unknown;
  if (!Array.isArray(slots)) return undefined;
  return slots.filter((slot) => (slot as { is_processing?: unknown }).is_processing !== true).length;
}

/** How a profile on llama-server's OpenAI routes builds its adapter for a base URL. */
export interface OpenAiRoutesSettings {
  /** The pool's model name (the model file's name) and the id llama-server serves it under. */
  model: string;
  servedModel: string;
}

/**
 * Opens a conformance session for an adapter that speaks the OpenAI wire, on llama.cpp's OpenAI routes
 * (`/v1/…`, specs/engines/llamacpp.md D.3). Without `url` it starts a real llama-server with the tiny generated model
 * (`@orch/engine-testkit`); with `url` it drives any OpenAI-compatible server, faults through the proxy.
 */
export async function openOnOpenAiRoutes(
  options: OpenSessionOptions,
  goldenName: string,
  createAdapter: (baseUrl: string, settings: OpenAiRoutesSettings) => WorkerAdapter,
): Promise<ConformanceSession> {
  const server = await openLlamaServer(options);
  const { baseUrl } = server;
  const models = await requestJson(`${baseUrl}/v1/models`);
  const first = Array.isArray((models as { data?: unknown }).data)
    ? (models as { data: unknown[] }).data[0]
    : undefined;
  const servedModel = readJsonField(first, 'id', 'the first entry of GET /v1/models');
  // The pool name is the file name, not the path: golden files must not depend on where the cache lives.
  // The server gets its own id (llama-server ignores it; other servers refuse a name they do not serve).
  const model = basename(servedModel);
  const settings = { model, servedModel };
  const adapter = createAdapter(baseUrl, settings);
  const proxies: { close(): Promise<void> }[] = [];
  const hasSlots = (await readFreeSlots(baseUrl)) !== undefined;
  const readBuildInfo = async () =>
    readJsonField(await requestJson(`${baseUrl}/props`), 'build_info', 'GET /props');
  // Only llama-server has /props; elsewhere CONF-012 checks the adapter's version without a second source.
  const hasBuildInfo = await readBuildInfo().then(
    () => true,
    () => false,
  );
  const unsupported: Record<string, string> = {};
  if (!server.started) unsupported['@CONF-014'] = 'the suite cannot stop an engine it did not start (--url)';
  if (!hasSlots) {
    const reason = 'the server exposes no slot figures (llama-server /slots), so a freed slot cannot be seen';
    unsupported['@CONF-008'] = reason;
    unsupported['@CONF-009'] = reason;
  }

  async function adapterBehindFault(fault: ProxyFault) {
    const proxy = await startFaultProxy(baseUrl, fault);
    proxies.push(proxy);
    return createAdapter(proxy.url, settings);
  }

  return {
    adapter,
    model,
    ...(Object.keys(unsupported).length === 0 ? {} : { unsupported }),
    ...(!server.started
      ? {}
      : { goldenDir: fileURLToPath(new URL(`../../golden/${goldenName}`, import.meta.url)) }),
    // The request the adapter sends for a prompt (convertToOpenAiRequest), answered without streaming.
    async referenceText(task: Task) {
      return requestCompletionText(baseUrl, {
        ...ADAPTER_SETTINGS.extraBody,
        model: servedModel,
        prompt: task.prompt,
        max_tokens: task.max_tokens,
        seed: task.seed,
        stream: false,
        // The sampler profile sp-1 as both adapters send it (ORCH-DET-021); llama-server reads these names.
        temperature: task.temperature ?? 1,
        top_p: task.top_p ?? 1,
        top_k: task.top_k === undefined || task.top_k === 0 ? -1 : task.top_k,
        min_p: task.min_p ?? 0,
        presence_penalty: 0,
        frequency_penalty: 0,
        ...(task.stop === undefined ? {} : { stop: task.stop }),
      });
    },
    failBeforeStart: () =>
      adapterBehindFault({ kind: 'respond', match: isGeneration, status: 500, body: ENGINE_ERROR_BODY }),
    failMidStream: (afterTokens) =>
      adapterBehindFault({ kind: 'cut-after-events', match: isGeneration, events: afterTokens }),
    ...server.restartHooks,
    async slotsFree() {
      const free = await readFreeSlots(baseUrl);
      if (free === undefined) throw new Error(`${baseUrl}/slots gives no slot figures`);
      return free;
    },
    ...(hasBuildInfo ? { engineVersion: readBuildInfo } : {}),
    async close() {
      await adapter.close?.();
      for (const proxy of proxies.splice(0)) await proxy.close();
      await server.stop();
    },
  };
}

/**
 * The OpenAI-compatible adapter (`@orch/adapter-openai-http`) against llama.cpp's OpenAI routes. Free slots
 * come from llama-server's `/slots`; a server without it cannot run the cancel scenarios' slot check, so they
 * are listed as unsupported for it.
 */
export const openaiProfile: ConformanceProfile = {
  name: 'openai',
  description:
    "The OpenAI-compatible adapter (@orch/adapter-openai-http) on llama.cpp's /v1 routes; without --url, a local llama-server with a tiny generated model.",
  open: (options) =>
    openOnOpenAiRoutes(options, 'openai', (baseUrl, settings) =>
      createOpenAiAdapter({ baseUrl, ...settings, ...ADAPTER_SETTINGS }),
    ),
};
