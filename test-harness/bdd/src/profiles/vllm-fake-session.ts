import { fileURLToPath } from 'node:url';
import type { Task, WorkerAdapter } from '@orch/adapter-api';
import { type FakeEngine, type FaultSettings, startFakeEngine } from '@orch/fake-engines';
import { type ProxyFault, startFaultProxy } from '../faults/start-fault-proxy.js';
import type { OpenSessionOptions } from './conformance-profile.js';
import type { ConformanceSession } from './conformance-session.js';
import { readJsonField, requestCompletionText, requestJson } from './fake-engine-http.js';

/** Running streams show in `slotsFree` as taken slots; paced so that a cancel lands mid-stream. */
const FAKE_SLOTS = 8;
const TOKENS_PER_SECOND = 2000;
/**
 * vLLM quirks the fake keeps on for the whole run (specs/engines/vllm.md A.2, specs/engines/cross-engine.md E.5): `text: ""` chunks after the first
 * token, and every multi-byte character written in two TCP writes, split inside the character.
 */
const STANDING_FAULTS: FaultSettings = { emptyTextEvents: true, splitMultibyte: true };

/** A 500 as vLLM writes it (specs/engines/vllm.md A.6), for `--url` runs where the fault proxy fails a request before its stream. */
const ENGINE_ERROR_BODY = JSON.stringify({
  error: {
    message: 'conformance suite: injected engine failure',
    type: 'InternalServerError',
    param: null,
    code: 500,
  },
});

const isGeneration = ({ method, path }: { method: string; path: string }) =>
  method === 'POST' && /^\/v1\/(?:chat\/)?completions(?:\?|$)/.test(path);

/** What differs between the profiles that drive a vLLM server. */
export interface VllmSessionOptions extends OpenSessionOptions {
  /** Builds the adapter under test for a base URL and the served model. */
  createAdapter(baseUrl: string, model: string): WorkerAdapter;
  /** Folder under `golden/` for this profile's golden sequences (used when the fake runs). */
  goldenName: string;
}

/** The running requests vLLM reports on `/metrics` (specs/engines/vllm.md A.8), summed over data-parallel engines. */
async function readRunningRequests(baseUrl: string): Promise<number> {
  const response = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`GET ${baseUrl}/metrics answered ${response.status}`);
  const text = await response.text();
  const values = [...text.matchAll(/^vllm:num_requests_running(?:\{[^}]*\})?\s+(\S+)/gm)].map((match) =>
    Number(match[1]),
  );
  if (values.length === 0) throw new Error(`${baseUrl}/metrics has no vllm:num_requests_running`);
  return values.reduce((total, value) => total + value, 0);
}

/**
 * Opens a conformance session against vLLM: without `--url`, the fake vLLM server of `@orch/fake-engines` with
 * its quirks on, its fault knobs as the fault hooks (an HTTP 500 before the stream; an error event then
 * `[DONE]` mid-stream, specs/engines/vllm.md A.1; a refused port while stopped); with `--url`, a real vLLM behind the fault proxy.
 * vLLM has no slot count: free slots are the fake's slots minus `vllm:num_requests_running`, so a request the
 * engine keeps running after a cancel shows as a taken slot (with `--url` the capacity is unknown and taken
 * as 0: the figure is then minus the running requests, which still returns to its noted value).
 */
export async function openVllmSession(options: VllmSessionOptions): Promise<ConformanceSession> {
  const { url, log } = options;
  let fake: FakeEngine | undefined;
  if (url === undefined) {
    fake = await startFakeEngine('vllm', {
      slots: FAKE_SLOTS,
      tokensPerSecond: TOKENS_PER_SECOND,
      faults: STANDING_FAULTS,
    });
    log(`started the fake vLLM server at ${fake.url}`);
  }
  const baseUrl = (url ?? fake?.url ?? '').replace(/\/+$/, '');
  const models = await requestJson(`${baseUrl}/v1/models`);
  const first = Array.isArray((models as { data?: unknown }).data)
    ? (models as { data: unknown[] }).data[0]
    : undefined;
  const model = readJsonField(first, 'id', 'the first entry of GET /v1/models');
  const adapter = options.createAdapter(baseUrl, model);
  const extraAdapters: WorkerAdapter[] = [];
  const proxies: { close(): Promise<void> }[] = [];
  const engine = fake;

  async function adapterBehindFault(fault: ProxyFault): Promise<WorkerAdapter> {
    const proxy = await startFaultProxy(baseUrl, fault);
    proxies.push(proxy);
    const faulty = options.createAdapter(proxy.url, model);
    extraAdapters.push(faulty);
    return faulty;
  }

  return {
    adapter,
    model,
    ...(engine === undefined
      ? { unsupported: { '@CONF-014': 'the suite cannot stop an engine it did not start (--url)' } }
      : { goldenDir: fileURLToPath(new URL(`../../golden/${options.goldenName}`, import.meta.url)) }),
    // The request both adapters send for a prompt (specs/engines/vllm.md A.5), answered without streaming.
    async referenceText(task: Task) {
      return requestCompletionText(baseUrl, {
        model,
        prompt: task.prompt,
        max_tokens: task.max_tokens,
        seed: task.seed,
        ...(task.temperature === undefined ? {} : { temperature: task.temperature }),
        ...(task.stop === undefined ? {} : { stop: task.stop }),
      });
    },
    ...(engine === undefined
      ? {
          failBeforeStart: () =>
            adapterBehindFault({
              kind: 'respond',
              match: isGeneration,
              status: 500,
              body: ENGINE_ERROR_BODY,
            }),
          failMidStream: (afterTokens: number) =>
            adapterBehindFault({ kind: 'cut-after-events', match: isGeneration, events: afterTokens }),
        }
      : {
          async failBeforeStart() {
            await engine.setFaults({ httpStatus: 500, forRequests: 1 });
            return adapter;
          },
          async failMidStream(afterTokens: number) {
            await engine.setFaults({ errorAfterTokens: afterTokens, forRequests: 1 });
            return adapter;
          },
          async stopEngine() {
            await engine.setFaults({ ...STANDING_FAULTS, refuse: true });
          },
          async startEngine() {
            await engine.setFaults(STANDING_FAULTS);
          },
        }),
    async slotsFree() {
      return (engine === undefined ? 0 : FAKE_SLOTS) - (await readRunningRequests(baseUrl));
    },
    async engineVersion() {
      return readJsonField(await requestJson(`${baseUrl}/version`), 'version', 'GET /version');
    },
    async close() {
      await adapter.close?.();
      for (const extra of extraAdapters.splice(0)) await extra.close?.();
      for (const proxy of proxies.splice(0)) await proxy.close();
      await fake?.close();
    },
  };
}
