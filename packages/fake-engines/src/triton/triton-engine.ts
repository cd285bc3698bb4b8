import type { ServerResponse } from 'node:http';
import { beginParsedInference, describeInjectedFailure } from '../core/begin-parsed-inference.js';
import type { EngineModule } from '../core/engine-module.js';
import type { EngineRuntime } from '../core/engine-runtime.js';
import type { FakeRequest } from '../core/fake-request.js';
import { sendJson, sendText, startStreamResponse } from '../core/http-responses.js';
import { planEngineGeneration } from '../core/plan-engine-generation.js';
import { createRouteHandler, type Route } from '../core/route-table.js';
import { runGeneration } from '../core/run-generation.js';
import { SSE_HEADERS, SSE_KEEP_ALIVE, sseData } from '../core/wire-framing.js';
import { parseTritonRequest } from './parse-triton-request.js';
import type { TritonFakeOptions } from './triton-fake-options.js';
import { renderTritonMetrics } from './triton-metrics.js';
import { TRITON_SIDE_MODELS, tritonModelConfig, tritonModelMetadata } from './triton-model-repository.js';
import {
  serializeTritonResponse,
  tritonFullText,
  tritonResponseFields,
  tritonTokenText,
} from './triton-responses.js';

const EXTENSIONS = [
  'classification',
  'sequence',
  'model_repository',
  'model_repository(unload_dependents)',
  'schedule_policy',
  'model_configuration',
  'system_shared_memory',
  'cuda_shared_memory',
  'binary_tensor_data',
  'parameters',
  'statistics',
  'trace',
  'logging',
];

const MODEL_PATH =
  /^\/v2\/models\/(?<model>[^/]+)(?:\/versions\/(?<version>[^/]+))?(?<action>\/ready|\/config|\/generate|\/generate_stream)?$/;

function sendEmpty(response: ServerResponse, status: number): void {
  response.writeHead(status, { 'content-length': 0 });
  response.end();
}

function sendTritonError(response: ServerResponse, status: number, message: string): void {
  sendJson(response, status, { error: message });
}

async function handleGenerate(
  runtime: EngineRuntime,
  options: TritonFakeOptions,
  model: string,
  request: FakeRequest,
  response: ServerResponse,
  streamRoute: boolean,
): Promise<void> {
  const begun = await beginParsedInference(runtime, response, {
    sendInjectedFailure: (status, failMessage) =>
      sendTritonError(response, status, describeInjectedFailure(status, failMessage)),
    parse: () => parseTritonRequest(runtime, options, model, request),
    sendInvalid: (refusal) => sendTritonError(response, 400, refusal.message),
  });
  if (begun === undefined) return;
  const { context, generation } = begun;
  const { faults } = context;
  if (!streamRoute && generation.stream) {
    sendTritonError(
      response,
      400,
      'generate expects model to produce exactly 1 response, use generate stream for model that generates various number of responses',
    );
    return;
  }
  const plan = planEngineGeneration(
    runtime,
    {
      prompt: generation.textInput,
      seed: generation.seed,
      maxTokens: generation.maxTokens,
      stop: generation.stopWords,
    },
    true,
  );
  // specs/engines/triton.md C.2: a decoupled model streams one response per token only when the `stream` input is true.
  const perToken = streamRoute && generation.stream;
  // specs/engines/triton.md C.8: the BLS model with accumulate_tokens streams the whole text so far.
  const accumulate = model === 'tensorrt_llm_bls' && options.accumulateTokens === true;
  let textSoFar = '';
  const last = plan.tokens.length - 1;
  const event = (text: string, final: boolean): string =>
    sseData(serializeTritonResponse(tritonResponseFields(model, generation, options, text, final)));
  const errorMessage =
    faults.errorMessage ?? 'Executor failed process requestId 1 due to the following error: injected failure';
  await runGeneration(runtime, {
    context,
    plan,
    promptTokens: generation.promptTokens,
    finishLabel: plan.finish,
    stream: streamRoute
      ? {
          eventFor: (index) => {
            if (!perToken) return '';
            const token = plan.tokens[index];
            if (token === undefined) return '';
            if (token.special) return options.isFinalOutput === true ? event('', true) : '';
            if (accumulate) textSoFar += token.text;
            const text = event(accumulate ? textSoFar : tritonTokenText(token, options), index === last);
            return faults.emptyTextEvents === true && index < last ? text + event('', false) : text;
          },
          keepAliveComment: SSE_KEEP_ALIVE,
        }
      : null,
    onStart: () => {
      if (streamRoute) startStreamResponse(response, SSE_HEADERS);
    },
    onEnd: ({ outcome }, writer) => {
      if (outcome.kind === 'error') {
        // specs/engines/triton.md C.1: the status came from the first response; a later failure is `data: {"error":…}`, then the end.
        if (streamRoute) writer.end(sseData(JSON.stringify({ error: errorMessage })));
        else sendTritonError(response, 500, errorMessage);
        return;
      }
      if (!streamRoute) {
        const body = serializeTritonResponse(
          tritonResponseFields(model, generation, options, tritonFullText(generation, plan), true),
        );
        sendText(response, 200, body, { 'content-type': 'application/json' });
        return;
      }
      writer.end(perToken ? '' : event(tritonFullText(generation, plan), true));
    },
  });
}

function createTritonRoutes(runtime: EngineRuntime, options: TritonFakeOptions): Route[] {
  const known = new Set<string>([runtime.model, ...TRITON_SIDE_MODELS]);
  const loading = (): boolean => runtime.faults.loadingRemainingMs() > 0;
  const unknownModel = (response: ServerResponse, model: string): void =>
    sendTritonError(
      response,
      options.unknownModelStatus ?? 400,
      `Request for unknown model: '${model}' is not found`,
    );
  const modelRoute = async (
    request: FakeRequest,
    response: ServerResponse,
    params: Record<string, string>,
  ) => {
    const model = params.model ?? '';
    const action = params.action ?? '';
    const isGenerate = action === '/generate' || action === '/generate_stream';
    if (request.method !== (isGenerate ? 'POST' : 'GET') && !(request.method === 'HEAD' && !isGenerate)) {
      return sendTritonError(response, 405, 'Method Not Allowed');
    }
    if (!known.has(model) || (params.version !== undefined && params.version !== '1')) {
      return unknownModel(response, model);
    }
    if (action === '/ready') {
      if (loading()) return sendTritonError(response, 400, 'Model version not ready');
      return sendEmpty(response, 200);
    }
    if (action === '/config') return sendJson(response, 200, tritonModelConfig(model, options));
    if (action === '') return sendJson(response, 200, tritonModelMetadata(model, options));
    if (loading()) {
      return sendTritonError(
        response,
        400,
        `Request for unknown model: '${model}' has no available versions`,
      );
    }
    if (model !== runtime.model && model !== 'tensorrt_llm_bls') {
      return sendTritonError(
        response,
        400,
        `fake-engines: generate is faked for '${runtime.model}' and 'tensorrt_llm_bls' only`,
      );
    }
    await handleGenerate(runtime, options, model, request, response, action === '/generate_stream');
  };
  const readiness = (_request: FakeRequest, response: ServerResponse): void =>
    sendEmpty(response, loading() || runtime.faults.isUnhealthy() ? 400 : 200);
  return [
    {
      methods: ['GET'],
      path: '/v2',
      handle: (_q, r) =>
        sendJson(r, 200, { name: 'triton', version: runtime.version, extensions: EXTENSIONS }),
    },
    {
      methods: ['GET'],
      path: '/v2/health/live',
      handle: (_q, r) => sendEmpty(r, runtime.faults.isUnhealthy() ? 400 : 200),
    },
    { methods: ['GET'], path: '/v2/health/ready', handle: readiness },
    { methods: ['GET', 'POST'], path: MODEL_PATH, handle: modelRoute },
    {
      methods: ['GET'],
      path: '/metrics',
      handle: (_q, r) =>
        sendText(r, 200, renderTritonMetrics(runtime), { 'content-type': 'text/plain; charset=utf-8' }),
    },
  ];
}

/** The fake Triton Inference Server with a TensorRT-LLM ensemble (specs/engines/triton.md). */
export const tritonEngine: EngineModule = {
  defaults: { model: 'ensemble', version: '2.59.0', slots: 64 },
  loadingRefusesConnections: false,
  createHandler(runtime) {
    const options = runtime.options.triton ?? {};
    const routes = createTritonRoutes(runtime, options);
    return createRouteHandler(routes, {
      answerMiss: (response, miss) =>
        miss === 'not-found'
          ? sendTritonError(response, 404, 'Not Found')
          : sendTritonError(response, 405, 'Method Not Allowed'),
    });
  },
};
