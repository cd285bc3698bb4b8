import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EngineModule } from './core/engine-module.js';
import { EngineRuntime } from './core/engine-runtime.js';
import { FakeHttpServer } from './core/fake-http-server.js';
import {
  type FakeRequest,
  type RecordedRequest,
  readFakeRequest,
  recordRequest,
} from './core/fake-request.js';
import { sendJson, sendText } from './core/http-responses.js';
import type { FakeEngine } from './fake-engine.js';
import type { FakeEngineKind } from './fake-engine-kind.js';
import type { FakeEngineOptions } from './fake-engine-options.js';
import { llamaCppEngine } from './llamacpp/llamacpp-engine.js';
import { ollamaEngine } from './ollama/ollama-engine.js';
import { tgiEngine } from './tgi/tgi-engine.js';
import { tritonEngine } from './triton/triton-engine.js';
import { vllmEngine } from './vllm/vllm-engine.js';

const ENGINE_MODULES: Record<FakeEngineKind, EngineModule> = {
  vllm: vllmEngine,
  tgi: tgiEngine,
  triton: tritonEngine,
  ollama: ollamaEngine,
  llamacpp: llamaCppEngine,
};

/** Prefix of the control routes (never a real engine route). */
export const CONTROL_PREFIX = '/__fake/';

async function handleControl(
  engine: FakeEngine,
  requests: RecordedRequest[],
  request: FakeRequest,
  response: ServerResponse,
): Promise<void> {
  const route = `${request.method} ${request.path.slice(CONTROL_PREFIX.length)}`;
  switch (route) {
    case 'GET stats':
      return sendJson(response, 200, engine.stats);
    case 'GET requests':
      return sendJson(response, 200, requests);
    case 'DELETE requests':
      requests.length = 0;
      return sendJson(response, 200, {});
    case 'GET faults':
      return sendJson(response, 200, engine.faults());
    case 'PUT faults':
    case 'POST faults':
      try {
        await engine.setFaults((request.body ?? {}) as never);
        return sendJson(response, 200, engine.faults());
      } catch (error) {
        return sendJson(response, 400, { error: error instanceof Error ? error.message : String(error) });
      }
    default:
      return sendJson(response, 404, { error: `unknown control route ${route}` });
  }
}

/**
 * Starts a fake engine server of the given kind on 127.0.0.1 (port 0 by default) and resolves once it listens
 * (or, when `faults.loadingForMs` makes it refuse connections, once its port is reserved).
 */
export async function startFakeEngine(
  kind: FakeEngineKind,
  options: FakeEngineOptions = {},
): Promise<FakeEngine> {
  const module = ENGINE_MODULES[kind];
  if (module === undefined) throw new Error(`unknown fake engine kind: ${String(kind)}`);
  const requests: RecordedRequest[] = [];
  let server: FakeHttpServer | null = null;
  const runtime = new EngineRuntime(kind, options, module.defaults, {
    loadingRefusesConnections: module.loadingRefusesConnections,
    setAccepting: async (accepting) => {
      if (server === null) return;
      if (accepting) await server.listen();
      else await server.stopListening();
    },
  });
  const handleEngine = module.createHandler(runtime);
  let engine: FakeEngine | null = null;
  const maxRecorded = options.maxRecordedRequests ?? 10_000;
  const onRequest = (message: IncomingMessage, response: ServerResponse): void => {
    // A client that disconnects mid-body or mid-write must never crash the fake.
    response.on('error', () => undefined);
    const serve = async (): Promise<void> => {
      const request = await readFakeRequest(message);
      if (options.controlRoutes !== false && request.path.startsWith(CONTROL_PREFIX) && engine !== null) {
        await handleControl(engine, requests, request, response);
        return;
      }
      runtime.stats.requests += 1;
      const recorded = recordRequest(request, message.url ?? request.path);
      requests.push(recorded);
      if (requests.length > maxRecorded) requests.splice(0, requests.length - maxRecorded);
      options.onRequest?.(recorded);
      await handleEngine(request, response);
    };
    serve().catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      sendText(
        response,
        500,
        `fake engine failure: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  };
  const httpServer = new FakeHttpServer({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    handler: onRequest,
  });
  await httpServer.listen();
  server = httpServer;
  await runtime.faults.set(options.faults ?? {});
  const host = options.host ?? '127.0.0.1';
  const urlHost = host.includes(':') ? `[${host}]` : host;
  engine = {
    kind,
    url: `http://${urlHost}:${httpServer.port}`,
    port: httpServer.port,
    model: runtime.model,
    requests,
    get stats() {
      return runtime.stats;
    },
    get activeStreams() {
      return runtime.stats.activeStreams;
    },
    get abortedStreams() {
      return runtime.stats.abortedStreams;
    },
    setFaults: (faults) => runtime.faults.set(faults),
    faults: () => runtime.faults.standing(),
    clearRequests: () => {
      requests.length = 0;
    },
    whenIdle: (timeoutMs) => runtime.whenIdle(timeoutMs),
    close: async () => {
      runtime.faults.dispose();
      await httpServer.close();
    },
  };
  return engine;
}
