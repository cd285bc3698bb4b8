import type { ServerResponse } from 'node:http';
import { beginParsedInference, describeInjectedFailure } from '../core/begin-parsed-inference.js';
import { FAKE_CHAT_TEMPLATE } from '../core/chat-template.js';
import type { EngineModule } from '../core/engine-module.js';
import type { EngineRuntime } from '../core/engine-runtime.js';
import type { FakeRequest } from '../core/fake-request.js';
import { sendJson, sendText, startStreamResponse } from '../core/http-responses.js';
import { asRecord, isTokenIdList } from '../core/json-fields.js';
import { listGenerationRoutes } from '../core/list-generation-routes.js';
import { planEngineGeneration } from '../core/plan-engine-generation.js';
import { createRouteHandler, type Route } from '../core/route-table.js';
import { runGeneration } from '../core/run-generation.js';
import { detokenize, tokenize } from '../core/tokenizer.js';
import { tokenBytes, VOCABULARY_SIZE } from '../core/vocabulary.js';
import { randomAlphanumeric, SSE_DONE, SSE_HEADERS, SSE_KEEP_ALIVE, sseData } from '../core/wire-framing.js';
import { LOADING_ERROR, llamaCppError, llamaCppErrorPayload, sendLlamaCppError } from './llamacpp-errors.js';
import type { LlamaCppFakeOptions } from './llamacpp-fake-options.js';
import { renderLlamaCppMetrics } from './llamacpp-metrics.js';
import {
  LlamaCppOaiBuilder,
  llamaCppFinal,
  llamaCppGenerationSettings,
  llamaCppPartial,
  llamaCppStopType,
} from './llamacpp-responses.js';
import { type LlamaCppRoute, parseLlamaCppRequest } from './parse-llamacpp-request.js';

const SERVER_HEADER = { server: 'llama.cpp' };
const STREAM_HEADERS = {
  ...SSE_HEADERS,
  'content-type': 'text/event-stream',
  'x-accel-buffering': 'no',
  ...SERVER_HEADER,
};
const PUBLIC_PATHS = new Set(['/health', '/v1/health', '/models', '/v1/models']);
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

function sendLlamaJson(response: ServerResponse, status: number, body: unknown): void {
  sendJson(response, status, body, SERVER_HEADER);
}

async function handleCompletion(
  runtime: EngineRuntime,
  request: FakeRequest,
  response: ServerResponse,
  route: LlamaCppRoute,
): Promise<void> {
  const begun = await beginParsedInference(runtime, response, {
    sendInjectedFailure: (status, failMessage) =>
      sendLlamaCppError(response, llamaCppError(status, describeInjectedFailure(status, failMessage))),
    parse: () => parseLlamaCppRequest(runtime, request, route),
    sendInvalid: (refusal) => sendLlamaCppError(response, refusal.error),
  });
  if (begun === undefined) return;
  const { context, generation } = begun;
  const { faults } = context;
  const plan = planEngineGeneration(runtime, generation, false);
  const native = route === 'native';
  const oai = new LlamaCppOaiBuilder(
    generation,
    plan,
    runtime.model,
    runtime.version,
    `chatcmpl-${randomAlphanumeric(32)}`,
  );
  const emptyText = faults.emptyTextEvents === true;
  let sentRole = false;
  // specs/engines/llamacpp.md D.1: headers go out with the first result, so an error before any output is a real HTTP error.
  const ensureHeaders = (): void => startStreamResponse(response, STREAM_HEADERS);
  const error = llamaCppError(500, faults.errorMessage ?? 'injected failure');
  await runGeneration(runtime, {
    context,
    plan,
    promptTokens: generation.promptTokens,
    preferredSlot: generation.idSlot,
    finishLabel: native ? llamaCppStopType(plan) : plan.finish,
    stream: generation.stream
      ? {
          eventFor: (index, slot) => {
            const token = plan.tokens[index];
            // specs/engines/llamacpp.md D.2: an incomplete character is held back (no event); EOS sends no partial.
            if (token === undefined || token.incomplete || token.special) return '';
            if (native) {
              ensureHeaders();
              const partial = (content: string, ids: number[]) =>
                sseData(llamaCppPartial(content, ids, slot.id, index + 1, generation.promptTokens));
              const event = partial(token.text, [token.id]);
              return emptyText && token.text !== '' ? event + partial('', []) : event;
            }
            if (token.text === '') return '';
            ensureHeaders();
            let events = '';
            if (generation.route === 'oai-chat' && !sentRole) {
              sentRole = true;
              events += sseData(oai.roleChunk());
            }
            events += sseData(oai.contentChunk(token.text));
            return emptyText ? events + sseData(oai.contentChunk('')) : events;
          },
          keepAliveComment: SSE_KEEP_ALIVE,
        }
      : null,
    onStart: () => {
      if (generation.stream && faults.keepAliveEveryMs !== undefined) ensureHeaders();
    },
    onEnd: ({ outcome, timing, slot }, writer) => {
      if (outcome.kind === 'error') {
        if (!response.headersSent) sendLlamaCppError(response, error);
        // specs/engines/llamacpp.md D.1: a later error is `data: {"error":…}` and the stream ends without [DONE].
        else writer.end(sseData(llamaCppErrorPayload(error)));
        return;
      }
      if (!generation.stream) {
        const body = native
          ? llamaCppFinal(generation, plan, runtime.model, slot.id, timing, false)
          : oai.fullResponse(timing);
        sendLlamaJson(response, 200, body);
        return;
      }
      ensureHeaders();
      if (native) {
        writer.end(
          sseData(JSON.stringify(llamaCppFinal(generation, plan, runtime.model, slot.id, timing, true))),
        );
        return;
      }
      const role = generation.route === 'oai-chat' && !sentRole ? sseData(oai.roleChunk()) : '';
      writer.end(
        role +
          oai
            .finalChunks(timing)
            .map((chunk) => sseData(chunk))
            .join('') +
          SSE_DONE,
      );
    },
  });
}

function handleTokenize(request: FakeRequest, response: ServerResponse) {
  const body = asRecord(request.body);
  const content = body?.content;
  if (typeof content !== 'string')
    return sendLlamaCppError(response, llamaCppError(400, '"content" must be provided'));
  const ids = tokenize(content, body?.add_special === true);
  if (body?.with_pieces !== true) return sendLlamaJson(response, 200, { tokens: ids });
  // specs/engines/llamacpp.md D.2: a piece that is not valid UTF-8 on its own is returned as a byte array.
  const tokens = ids.map((id) => {
    const bytes = tokenBytes(id);
    try {
      return { id, piece: STRICT_UTF8.decode(bytes) };
    } catch {
      return { id, piece: [...bytes] };
    }
  });
  sendLlamaJson(response, 200, { tokens });
}

function handleDetokenize(request: FakeRequest, response: ServerResponse): void {
  const tokens = asRecord(request.body)?.tokens;
  const ids = isTokenIdList(tokens) ? tokens : [];
  sendLlamaJson(response, 200, { content: detokenize(ids) });
}

function propsBody(runtime: EngineRuntime, options: LlamaCppFakeOptions): Record<string, unknown> {
  return {
    default_generation_settings: {
      id: 0,
      id_task: -1,
      n_ctx: runtime.contextLength,
      speculative: false,
      is_processing: false,
      params: llamaCppGenerationSettings({
        route: 'native',
        prompt: '',
        promptTokens: 0,
        maxTokens: -1,
        nPredict: -1,
        seed: 0,
        reportedSeed: 4294967295,
        temperature: 0.8,
        stop: [],
        stream: false,
        ignoreEos: false,
        idSlot: -1,
        returnTokens: false,
        includeUsage: false,
      }),
    },
    total_slots: runtime.slots.slots.length,
    model_alias: runtime.model,
    model_path: options.modelPath ?? `/models/${runtime.model}.gguf`,
    modalities: { vision: false, audio: false },
    endpoint_slots: options.slotsEndpoint !== false,
    endpoint_props: false,
    endpoint_metrics: options.metrics !== false,
    webui: true,
    chat_template: FAKE_CHAT_TEMPLATE,
    chat_template_caps: {},
    bos_token: '<s>',
    eos_token: '</s>',
    build_info: runtime.version,
    is_sleeping: false,
  };
}

function slotsBody(runtime: EngineRuntime): unknown[] {
  return runtime.slots.slots.map((slot) => ({
    id: slot.id,
    id_task: slot.taskId,
    n_ctx: runtime.contextLength,
    speculative: false,
    is_processing: slot.processing,
    params: { n_predict: -1, seed: 4294967295, temperature: 0.8 },
    next_token: {
      has_next_token: slot.processing,
      has_new_line: false,
      n_remain: slot.processing ? slot.remaining : -1,
      n_decoded: slot.decoded,
    },
  }));
}

function modelsBody(runtime: EngineRuntime): Record<string, unknown> {
  const created = Math.floor(runtime.startedAt / 1000);
  return {
    models: [
      {
        name: runtime.model,
        model: runtime.model,
        modified_at: '',
        size: '',
        digest: '',
        type: 'model',
        description: '',
        tags: [''],
        capabilities: ['completion'],
        parameters: '',
        details: {
          parent_model: '',
          format: 'gguf',
          family: '',
          families: [''],
          parameter_size: '',
          quantization_level: '',
        },
      },
    ],
    object: 'list',
    data: [
      {
        id: runtime.model,
        object: 'model',
        created,
        owned_by: 'llamacpp',
        meta: {
          vocab_type: 1,
          n_vocab: VOCABULARY_SIZE,
          n_ctx_train: runtime.contextLength,
          n_embd: 64,
          n_params: 1_000_000,
          size: 4_000_000,
        },
      },
    ],
  };
}

function createLlamaCppRoutes(runtime: EngineRuntime, options: LlamaCppFakeOptions): Route[] {
  const health = (_request: FakeRequest, response: ServerResponse) => {
    if (runtime.faults.isUnhealthy())
      return sendLlamaCppError(response, llamaCppError(503, 'Service Unavailable'));
    sendLlamaJson(response, 200, { status: 'ok' });
  };
  return [
    { methods: ['GET'], path: '/health', handle: health },
    { methods: ['GET'], path: '/v1/health', handle: health },
    {
      methods: ['GET'],
      path: '/props',
      handle: (_q, r) => sendLlamaJson(r, 200, propsBody(runtime, options)),
    },
    {
      methods: ['POST'],
      path: '/props',
      handle: (_q, r) =>
        sendLlamaCppError(
          r,
          llamaCppError(
            501,
            'This server does not support changing global properties. Start it with `--props`',
          ),
        ),
    },
    {
      methods: ['GET'],
      path: '/slots',
      handle: (q, r) => {
        if (options.slotsEndpoint === false) {
          return sendLlamaCppError(
            r,
            llamaCppError(501, 'This server does not support slots endpoint. Start it with `--slots`'),
          );
        }
        if (q.query.get('fail_on_no_slot') === '1' && runtime.slots.slots.every((slot) => slot.processing)) {
          return sendLlamaCppError(r, llamaCppError(503, 'no slot available'));
        }
        sendLlamaJson(r, 200, slotsBody(runtime));
      },
    },
    { methods: ['POST'], path: '/tokenize', handle: handleTokenize },
    { methods: ['POST'], path: '/detokenize', handle: handleDetokenize },
    {
      methods: ['GET'],
      path: '/metrics',
      handle: (_q, r) => {
        if (options.metrics === false) {
          return sendLlamaCppError(
            r,
            llamaCppError(501, 'This server does not support metrics endpoint. Start it with `--metrics`'),
          );
        }
        sendText(r, 200, renderLlamaCppMetrics(runtime), {
          'content-type': 'text/plain; version=0.0.4',
          'process-start-time-unix': String(Math.floor(runtime.startedAt / 1000)),
          ...SERVER_HEADER,
        });
      },
    },
    { methods: ['GET'], path: '/models', handle: (_q, r) => sendLlamaJson(r, 200, modelsBody(runtime)) },
    { methods: ['GET'], path: '/v1/models', handle: (_q, r) => sendLlamaJson(r, 200, modelsBody(runtime)) },
    ...listGenerationRoutes(
      {
        '/completion': 'native',
        '/completions': 'native',
        '/v1/completions': 'oai-completion',
        '/chat/completions': 'oai-chat',
        '/v1/chat/completions': 'oai-chat',
      },
      (q, r, route) => handleCompletion(runtime, q, r, route),
    ),
  ];
}

function isAuthorized(runtime: EngineRuntime, request: FakeRequest): boolean {
  const key = runtime.options.apiKey;
  if (key === undefined || PUBLIC_PATHS.has(request.path)) return true;
  return request.headers.authorization === `Bearer ${key}` || request.headers['x-api-key'] === key;
}

/** The fake llama.cpp llama-server (specs/engines/llamacpp.md). */
export const llamaCppEngine: EngineModule = {
  defaults: { model: 'fake-model', version: 'b9553-cbbe868c0', slots: 4 },
  loadingRefusesConnections: false,
  createHandler(runtime) {
    const options = runtime.options.llamacpp ?? {};
    const handleRoute = createRouteHandler(createLlamaCppRoutes(runtime, options), {
      answerMiss: (response) => sendLlamaCppError(response, llamaCppError(404, 'File Not Found')),
    });
    return async (request, response) => {
      // specs/engines/llamacpp.md D.4: while loading, every route answers 503 unavailable_error.
      if (runtime.faults.loadingRemainingMs() > 0) return sendLlamaCppError(response, LOADING_ERROR);
      if (!isAuthorized(runtime, request))
        return sendLlamaCppError(response, llamaCppError(401, 'Invalid API Key'));
      await handleRoute(request, response);
    };
  },
};
