import type { ServerResponse } from 'node:http';
import { beginParsedInference } from '../core/begin-parsed-inference.js';
import { readMessages, renderChatPrompt } from '../core/chat-template.js';
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
import { tokenSpelling } from '../core/vocabulary.js';
import { SSE_DONE, SSE_HEADERS, SSE_KEEP_ALIVE, sseData } from '../core/wire-framing.js';
import { parseVllmRequest } from './parse-vllm-request.js';
import { sendVllmError, vllmError, vllmStreamErrorPayload } from './vllm-errors.js';
import type { VllmFakeOptions } from './vllm-fake-options.js';
import { renderVllmMetrics } from './vllm-metrics.js';
import { VllmStreamBuilder, vllmFinish, vllmFullResponse } from './vllm-responses.js';

const SERVER_HEADER = { server: 'uvicorn' };

function sendEmpty(response: ServerResponse, status: number): void {
  response.writeHead(status, { ...SERVER_HEADER, 'content-length': 0 });
  response.end();
}

function isAuthorized(runtime: EngineRuntime, request: FakeRequest): boolean {
  const key = runtime.options.apiKey;
  if (key === undefined || !request.path.startsWith('/v1')) return true;
  return request.headers.authorization === `Bearer ${key}`;
}

async function handleGeneration(
  runtime: EngineRuntime,
  options: VllmFakeOptions,
  request: FakeRequest,
  response: ServerResponse,
  route: 'completion' | 'chat',
): Promise<void> {
  const begun = await beginParsedInference(runtime, response, {
    sendInjectedFailure: (status, failMessage) =>
      sendVllmError(response, vllmError(status, failMessage), options),
    parse: () => parseVllmRequest(runtime, request, route),
    sendInvalid: (refusal) => sendVllmError(response, refusal.error, options),
  });
  if (begun === undefined) return;
  const { context, generation } = begun;
  const { faults } = context;
  const plan = planEngineGeneration(runtime, generation, generation.includeStop);
  const builder = new VllmStreamBuilder(generation, plan, runtime.model, options);
  const emptyText = faults.emptyTextEvents === true;
  const errorPayload = (): string =>
    vllmStreamErrorPayload(vllmError(500, faults.errorMessage ?? 'Internal server error'), options);
  await runGeneration(runtime, {
    context,
    plan,
    promptTokens: generation.promptTokens,
    finishLabel: vllmFinish(plan).finishReason,
    stream: generation.stream
      ? {
          eventFor: (index) => {
            const chunks = builder.tokenChunks(index, emptyText);
            return chunks.length === 1
              ? sseData(chunks[0] as string)
              : chunks.map((chunk) => sseData(chunk)).join('');
          },
          keepAliveComment: SSE_KEEP_ALIVE,
        }
      : null,
    onStart: (_slot, writer) => {
      if (!generation.stream) return;
      startStreamResponse(response, { ...SSE_HEADERS, ...SERVER_HEADER });
      const role = builder.roleChunk();
      if (role !== null) writer.append(sseData(role));
    },
    onEnd: ({ outcome }, writer) => {
      if (generation.stream) {
        // specs/engines/vllm.md A.1: an error inside a 200 stream is an error event followed by [DONE]; specs/engines/vllm.md A.4: usage chunk before [DONE].
        if (outcome.kind === 'error') writer.end(sseData(errorPayload()) + SSE_DONE);
        else writer.end((generation.includeUsage ? sseData(builder.usageChunk()) : '') + SSE_DONE);
        return;
      }
      if (outcome.kind === 'error') {
        sendVllmError(response, vllmError(500, faults.errorMessage ?? 'Internal server error'), options);
        return;
      }
      sendJson(response, 200, vllmFullResponse(generation, plan, runtime.model), SERVER_HEADER);
    },
  });
}

function handleTokenize(
  runtime: EngineRuntime,
  options: VllmFakeOptions,
  request: FakeRequest,
  response: ServerResponse,
) {
  const body = asRecord(request.body);
  let ids: number[] | null = null;
  if (body !== null && typeof body.prompt === 'string')
    ids = tokenize(body.prompt, body.add_special_tokens !== false);
  else if (body !== null) {
    const messages = readMessages(body.messages);
    if (messages !== null) ids = tokenize(renderChatPrompt(messages), body.add_special_tokens === true);
  }
  if (ids === null || body === null) {
    sendVllmError(
      response,
      vllmError(400, 'Either `prompt` or `messages` must be provided', 'prompt'),
      options,
    );
    return;
  }
  const tokenStrings = body.return_token_strs === true ? ids.map((id) => tokenSpelling(id)) : null;
  sendJson(
    response,
    200,
    { count: ids.length, max_model_len: runtime.contextLength, tokens: ids, token_strs: tokenStrings },
    SERVER_HEADER,
  );
}

function handleDetokenize(options: VllmFakeOptions, request: FakeRequest, response: ServerResponse) {
  const body = asRecord(request.body);
  const tokens = body?.tokens;
  if (!isTokenIdList(tokens) && !(Array.isArray(tokens) && tokens.length === 0)) {
    sendVllmError(response, vllmError(400, 'tokens: Field required', 'tokens'), options);
    return;
  }
  sendJson(response, 200, { prompt: detokenize(tokens as number[]) }, SERVER_HEADER);
}

function modelList(runtime: EngineRuntime): Record<string, unknown> {
  const created = Math.floor(Date.now() / 1000);
  return {
    object: 'list',
    data: [
      {
        id: runtime.model,
        object: 'model',
        created,
        owned_by: 'vllm',
        root: runtime.model,
        parent: null,
        max_model_len: runtime.contextLength,
        permission: [
          {
            id: `modelperm-${created.toString(16)}`,
            object: 'model_permission',
            created,
            allow_create_engine: false,
            allow_sampling: true,
            allow_logprobs: true,
            allow_search_indices: false,
            allow_view: true,
            allow_fine_tuning: false,
            organization: '*',
            group: null,
            is_blocking: false,
          },
        ],
      },
    ],
  };
}

/** Routes of the fake vLLM OpenAI-compatible server (specs/engines/vllm.md). */
function createVllmRoutes(runtime: EngineRuntime, options: VllmFakeOptions): Route[] {
  const health = (_request: FakeRequest, response: ServerResponse) =>
    sendEmpty(response, runtime.faults.isUnhealthy() ? 503 : 200);
  return [
    { methods: ['GET'], path: '/health', handle: health },
    { methods: ['GET', 'POST'], path: '/ping', handle: health },
    {
      methods: ['GET'],
      path: '/version',
      handle: (_q, r) => sendJson(r, 200, { version: runtime.version }, SERVER_HEADER),
    },
    {
      methods: ['GET'],
      path: '/v1/models',
      handle: (_q, r) => sendJson(r, 200, modelList(runtime), SERVER_HEADER),
    },
    { methods: ['POST'], path: '/tokenize', handle: (q, r) => handleTokenize(runtime, options, q, r) },
    { methods: ['POST'], path: '/detokenize', handle: (q, r) => handleDetokenize(options, q, r) },
    {
      methods: ['GET'],
      path: '/metrics',
      handle: (_q, r) =>
        sendText(r, 200, renderVllmMetrics(runtime, options), {
          'content-type': 'text/plain; version=0.0.4; charset=utf-8',
          ...SERVER_HEADER,
        }),
    },
    ...listGenerationRoutes(
      { '/v1/completions': 'completion', '/v1/chat/completions': 'chat' },
      (q, r, kind) => handleGeneration(runtime, options, q, r, kind),
    ),
  ];
}

/** The fake vLLM engine. */
export const vllmEngine: EngineModule = {
  defaults: { model: 'meta-llama/Llama-3.1-8B-Instruct', version: '0.11.0', slots: 64 },
  loadingRefusesConnections: true,
  createHandler(runtime) {
    const options = runtime.options.vllm ?? {};
    const routes = createVllmRoutes(runtime, options);
    return createRouteHandler(routes, {
      answerMiss: (response, miss) =>
        miss === 'not-found'
          ? sendJson(response, 404, { detail: 'Not Found' }, SERVER_HEADER)
          : sendJson(response, 405, { detail: 'Method Not Allowed' }, SERVER_HEADER),
      admit(request, response) {
        if (isAuthorized(runtime, request)) return true;
        sendJson(response, 401, { error: 'Unauthorized' }, SERVER_HEADER);
        return false;
      },
    });
  },
};
