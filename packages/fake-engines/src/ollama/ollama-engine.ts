import type { ServerResponse } from 'node:http';
import { beginParsedInference, describeInjectedFailure } from '../core/begin-parsed-inference.js';
import type { EngineModule } from '../core/engine-module.js';
import type { EngineRuntime } from '../core/engine-runtime.js';
import type { FakeRequest } from '../core/fake-request.js';
import type { GenerationPlan } from '../core/generation-plan.js';
import { sendJson, sendText, startStreamResponse } from '../core/http-responses.js';
import { asRecord } from '../core/json-fields.js';
import { listGenerationRoutes } from '../core/list-generation-routes.js';
import { planEngineGeneration } from '../core/plan-engine-generation.js';
import { createRouteHandler, type Route } from '../core/route-table.js';
import { type GenerationTiming, runGeneration } from '../core/run-generation.js';
import { tokenize } from '../core/tokenizer.js';
import { ndjsonLine, stringifyLikeGo } from '../core/wire-framing.js';
import {
  normalizeOllamaModelName,
  ollamaDigest,
  ollamaModelDetails,
  ollamaShowResponse,
  ollamaTagEntry,
  ollamaTimestamp,
} from './ollama-model-info.js';
import { OllamaResidency } from './ollama-residency.js';
import { type OllamaGenerationRequest, parseOllamaRequest } from './parse-ollama-request.js';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };
const NDJSON_HEADERS = { 'content-type': 'application/x-ndjson' };

function sendOllamaJson(response: ServerResponse, status: number, body: unknown): void {
  sendJson(response, status, body, JSON_HEADERS, stringifyLikeGo);
}

function doneReason(plan: GenerationPlan): string {
  return plan.finish === 'length' ? 'length' : 'stop';
}

/** A content line: `response` for generate, `message` for chat (F). */
function contentLine(request: OllamaGenerationRequest, model: string, text: string): string {
  const head = { model, created_at: ollamaTimestamp() };
  const body =
    request.route === 'chat'
      ? { ...head, message: { role: 'assistant', content: text }, done: false }
      : { ...head, response: text, done: false };
  return ndjsonLine(stringifyLikeGo(body));
}

/** The `done` object with Go's field order and nanosecond durations (F). */
function doneObject(
  request: OllamaGenerationRequest,
  model: string,
  reason: string,
  text: string,
  metrics: { loadMs: number; timing: GenerationTiming | null; evalCount: number; context: number[] },
): Record<string, unknown> {
  const ns = (ms: number): number => Math.max(0, Math.round(ms * 1e6));
  const { timing } = metrics;
  const durations = {
    total_duration: ns(timing === null ? metrics.loadMs : timing.finishedAt - timing.receivedAt),
    load_duration: ns(metrics.loadMs),
    ...(timing === null
      ? {}
      : {
          prompt_eval_count: request.promptTokens,
          prompt_eval_duration: ns(timing.firstTokenAt - timing.startedAt),
          eval_count: metrics.evalCount,
          eval_duration: ns(timing.finishedAt - timing.firstTokenAt),
        }),
  };
  const head = { model, created_at: ollamaTimestamp() };
  if (request.route === 'chat') {
    return {
      ...head,
      message: { role: 'assistant', content: text },
      done_reason: reason,
      done: true,
      ...durations,
    };
  }
  const context = timing === null ? {} : { context: metrics.context };
  return { ...head, response: text, done: true, done_reason: reason, ...context, ...durations };
}

async function handleGeneration(
  runtime: EngineRuntime,
  residency: OllamaResidency,
  request: FakeRequest,
  response: ServerResponse,
  route: 'generate' | 'chat',
): Promise<void> {
  const begun = await beginParsedInference(runtime, response, {
    sendInjectedFailure: (status, failMessage) =>
      sendOllamaJson(response, status, { error: describeInjectedFailure(status, failMessage) }),
    parse: () => parseOllamaRequest(runtime, request, route),
    sendInvalid: (refusal) => sendOllamaJson(response, refusal.status, { error: refusal.error }),
  });
  if (begun === undefined) return;
  const { context, generation } = begun;
  const { faults } = context;
  const model = generation.model;
  const loadMs = await residency.ensureLoaded(context.closed);
  if (context.closed.aborted) return;
  residency.touch(generation.unloadAfter);
  if (generation.loadOnly) {
    // F: an empty prompt only loads (or, with keep_alive 0, unloads) the model.
    const reason = generation.unloadAfter ? 'unload' : 'load';
    sendOllamaJson(
      response,
      200,
      doneObject(generation, model, reason, '', { loadMs, timing: null, evalCount: 0, context: [] }),
    );
    return;
  }
  const plan = planEngineGeneration(runtime, generation, false);
  const emptyText = faults.emptyTextEvents === true;
  const last = plan.tokens.length - 1;
  await runGeneration(runtime, {
    context,
    plan,
    promptTokens: generation.promptTokens,
    finishLabel: doneReason(plan),
    stream: generation.stream
      ? {
          eventFor: (index) => {
            const text = plan.tokens[index]?.text ?? '';
            // Ollama's runner holds back incomplete characters: a held token sends no line.
            if (text === '') return '';
            const line = contentLine(generation, model, text);
            return emptyText && index < last ? line + contentLine(generation, model, '') : line;
          },
          keepAliveComment: null,
        }
      : null,
    onStart: () => {
      if (generation.stream) startStreamResponse(response, NDJSON_HEADERS);
    },
    onEnd: ({ outcome, timing }, writer) => {
      const errorText =
        faults.errorMessage ?? 'an error was encountered while running the model: injected failure';
      if (outcome.kind === 'error') {
        if (generation.stream) writer.end(ndjsonLine(stringifyLikeGo({ error: errorText })));
        else sendOllamaJson(response, 500, { error: errorText });
        return;
      }
      const metrics = {
        loadMs,
        timing,
        evalCount: plan.tokens.length,
        context: [...tokenize(generation.prompt, true), ...plan.tokens.map((token) => token.id)],
      };
      if (generation.stream) {
        writer.end(ndjsonLine(stringifyLikeGo(doneObject(generation, model, doneReason(plan), '', metrics))));
      } else {
        sendOllamaJson(response, 200, doneObject(generation, model, doneReason(plan), plan.text, metrics));
      }
    },
  });
}

function createOllamaRoutes(runtime: EngineRuntime, residency: OllamaResidency): Route[] {
  const running = (_request: FakeRequest, response: ServerResponse): void =>
    sendText(response, 200, 'Ollama is running');
  return [
    { methods: ['GET'], path: '/', handle: running },
    {
      methods: ['GET'],
      path: '/api/version',
      handle: (_q, r) => sendOllamaJson(r, 200, { version: runtime.version }),
    },
    {
      methods: ['GET'],
      path: '/api/tags',
      handle: (_q, r) => sendOllamaJson(r, 200, { models: [ollamaTagEntry(runtime)] }),
    },
    {
      methods: ['POST'],
      path: '/api/show',
      handle: (q, r) => {
        const body = asRecord(q.body);
        const name =
          typeof body?.model === 'string' ? body.model : typeof body?.name === 'string' ? body.name : '';
        if (name === '') return sendOllamaJson(r, 400, { error: 'model is required' });
        if (normalizeOllamaModelName(name) !== normalizeOllamaModelName(runtime.model)) {
          return sendOllamaJson(r, 404, { error: `model '${name}' not found` });
        }
        sendOllamaJson(r, 200, ollamaShowResponse(runtime));
      },
    },
    {
      methods: ['GET'],
      path: '/api/ps',
      handle: (_q, r) => {
        const size = runtime.options.ollama?.modelSizeBytes ?? 1_321_098_329;
        const models = residency.resident
          ? [
              {
                name: runtime.model,
                model: runtime.model,
                size,
                digest: ollamaDigest(runtime),
                details: ollamaModelDetails(),
                expires_at: new Date(residency.expiresAt).toISOString(),
                size_vram: size,
                context_length: runtime.contextLength,
              },
            ]
          : [];
        sendOllamaJson(r, 200, { models });
      },
    },
    ...listGenerationRoutes({ '/api/generate': 'generate', '/api/chat': 'chat' }, (q, r, kind) =>
      handleGeneration(runtime, residency, q, r, kind),
    ),
  ];
}

/** The fake Ollama server (specs/engines/ollama.md). */
export const ollamaEngine: EngineModule = {
  defaults: { model: 'llama3.2:1b', version: '0.12.6', slots: 64 },
  loadingRefusesConnections: false,
  createHandler(runtime) {
    const residency = new OllamaResidency(runtime);
    const routes = createOllamaRoutes(runtime, residency);
    // gin answers an unknown route and a wrong method alike: 404 "404 page not found".
    return createRouteHandler(routes, {
      answerMiss: (response) => sendText(response, 404, '404 page not found'),
    });
  },
};
