import type { ServerResponse } from 'node:http';
import type { EngineModule } from '../core/engine-module.js';
import type { EngineRuntime } from '../core/engine-runtime.js';
import type { FakeRequest } from '../core/fake-request.js';
import { GenerationCounters } from '../core/generation-counters.js';
import { sendJson, sendText, startStreamResponse } from '../core/http-responses.js';
import { asRecord } from '../core/json-fields.js';
import { listGenerationRoutes } from '../core/list-generation-routes.js';
import { planEngineGeneration } from '../core/plan-engine-generation.js';
import { createRouteHandler, type Route } from '../core/route-table.js';
import { beginInference, type GenerationTiming, runGeneration } from '../core/run-generation.js';
import { tokenizeWithOffsets } from '../core/tokenizer.js';
import { tokenSpelling } from '../core/vocabulary.js';
import { SSE_HEADERS, SSE_KEEP_ALIVE, sseData } from '../core/wire-framing.js';
import { parseTgiRequest, type TgiGenerationRequest } from './parse-tgi-request.js';
import { type TgiError, tgiErrorForStatus, tgiErrorPayload, tgiFailureLabel } from './tgi-errors.js';
import type { TgiFakeOptions } from './tgi-fake-options.js';
import { renderTgiMetrics } from './tgi-metrics.js';
import { tgiFinishReason, tgiGenerateResponse, tgiStreamEvent } from './tgi-responses.js';

const MAX_CONCURRENT_REQUESTS = 128;
const STREAM_HEADERS = { ...SSE_HEADERS, 'content-type': 'text/event-stream', 'x-accel-buffering': 'no' };

function sendEmpty(response: ServerResponse, status: number): void {
  response.writeHead(status, { 'content-length': 0 });
  response.end();
}

/** Sends an error the TGI way: a JSON response for `/generate`, an event inside a 200 stream for the stream (specs/engines/tgi.md B.2). */
function sendTgiError(
  runtime: EngineRuntime,
  response: ServerResponse,
  error: TgiError,
  stream: boolean,
): void {
  GenerationCounters.bump(runtime.counters.failed, tgiFailureLabel(error));
  if (!stream) {
    sendJson(response, error.status, JSON.parse(tgiErrorPayload(error)));
    return;
  }
  startStreamResponse(response, STREAM_HEADERS);
  response.end(sseData(tgiErrorPayload(error), false));
}

function timingHeaders(request: TgiGenerationRequest, timing: GenerationTiming, tokens: number) {
  const ms = (value: number): string => String(Math.max(0, Math.round(value)));
  const inference = timing.finishedAt - timing.startedAt;
  return {
    'x-compute-type': '1-fake-gpu',
    'x-compute-time': (inference / 1000).toFixed(6),
    'x-compute-characters': String(request.inputs.length),
    'x-total-time': ms(timing.finishedAt - timing.receivedAt),
    'x-validation-time': '0',
    'x-queue-time': ms(timing.startedAt - timing.receivedAt),
    'x-inference-time': ms(inference),
    'x-time-per-token': ms(tokens > 0 ? inference / tokens : 0),
    'x-prompt-tokens': String(request.inputTokens),
    'x-generated-tokens': String(tokens),
  };
}

async function handleGenerate(
  runtime: EngineRuntime,
  options: TgiFakeOptions,
  request: FakeRequest,
  response: ServerResponse,
  route: 'generate' | 'generate_stream' | 'compat',
): Promise<void> {
  const parsed = parseTgiRequest(runtime, options, request);
  if (parsed.kind === 'rejected') {
    sendText(response, parsed.rejection.status, parsed.rejection.text);
    return;
  }
  const stream =
    route === 'generate_stream' || (route === 'compat' && parsed.kind === 'ok' && parsed.value.stream);
  const context = await beginInference(runtime, response);
  if (context.closed.aborted) return;
  const { faults } = context;
  if (faults.httpStatus !== undefined) {
    runtime.stats.injectedErrors += 1;
    sendTgiError(runtime, response, tgiErrorForStatus(faults.httpStatus, faults.failMessage), stream);
    return;
  }
  if (parsed.kind === 'invalid') {
    sendTgiError(runtime, response, parsed.error, stream);
    return;
  }
  if (runtime.stats.activeGenerations >= MAX_CONCURRENT_REQUESTS) {
    sendTgiError(runtime, response, tgiErrorForStatus(429), stream);
    return;
  }
  const generation = parsed.value;
  const plan = planEngineGeneration(
    runtime,
    {
      prompt: generation.inputs,
      seed: generation.seed,
      maxTokens: generation.maxNewTokens,
      stop: generation.stop,
    },
    true,
  );
  const generationError = (): TgiError =>
    tgiErrorForStatus(
      424,
      faults.errorMessage ?? 'Request failed during generation: Server error: injected failure',
    );
  await runGeneration(runtime, {
    context,
    plan,
    promptTokens: generation.inputTokens,
    finishLabel: tgiFinishReason(plan),
    stream: stream
      ? {
          eventFor: (index) => sseData(tgiStreamEvent(generation, plan, index), false),
          keepAliveComment: SSE_KEEP_ALIVE,
        }
      : null,
    onStart: () => {
      if (stream) startStreamResponse(response, { ...STREAM_HEADERS, 'x-compute-type': '1-fake-gpu' });
    },
    onEnd: ({ outcome, timing }, writer) => {
      if (outcome.kind === 'error') {
        GenerationCounters.bump(runtime.counters.failed, 'generation');
        if (stream) writer.end(sseData(tgiErrorPayload(generationError()), false));
        else sendJson(response, 424, JSON.parse(tgiErrorPayload(generationError())));
        return;
      }
      // specs/engines/tgi.md B.1: no [DONE]; the stream just ends after the event that carries generated_text.
      if (stream) writer.end();
      else {
        sendJson(
          response,
          200,
          tgiGenerateResponse(generation, plan),
          timingHeaders(generation, timing, plan.tokens.length),
        );
      }
    },
  });
}

function infoBody(runtime: EngineRuntime, options: TgiFakeOptions): Record<string, unknown> {
  const maxInput = options.maxInputTokens ?? Math.floor(runtime.contextLength / 2);
  const common = {
    model_id: runtime.model,
    model_sha: 'fa1e5b0c0ffee0ddba11fa1e5b0c0ffee0ddba11',
    model_pipeline_tag: 'text-generation',
    max_concurrent_requests: MAX_CONCURRENT_REQUESTS,
    max_best_of: 2,
    max_stop_sequences: options.maxStopSequences ?? 4,
  };
  const tail = {
    max_total_tokens: runtime.contextLength,
    validation_workers: 2,
    max_client_batch_size: 4,
    router: 'text-generation-router',
    version: runtime.version,
    sha: 'fa1e5b0c0ffee0ddba11fa1e5b0c0ffee0ddba11',
    docker_label: 'sha-fa1e5b0',
  };
  // specs/engines/tgi.md B.3: `max_input_length` became `max_input_tokens` (v2.1); `model_dtype`/`model_device_type` left in v2.3.
  if (options.legacyInfo === true) {
    return {
      ...common,
      model_dtype: 'torch.float16',
      model_device_type: 'cuda',
      max_input_length: maxInput,
      ...tail,
    };
  }
  return { ...common, max_input_tokens: maxInput, ...tail };
}

function handleTokenize(request: FakeRequest, response: ServerResponse): void {
  const body = asRecord(request.body);
  if (body === null || typeof body.inputs !== 'string') {
    sendText(
      response,
      422,
      'Failed to deserialize the JSON body into the target type: missing field `inputs`',
    );
    return;
  }
  const inputs = body.inputs;
  const tokens = tokenizeWithOffsets(inputs, true).map((token) => ({
    id: token.id,
    text: token.start === token.end ? tokenSpelling(token.id) : inputs.slice(token.start, token.end),
    start: token.start,
    stop: token.end,
  }));
  sendJson(response, 200, tokens);
}

function createTgiRoutes(runtime: EngineRuntime, options: TgiFakeOptions): Route[] {
  const health = (_request: FakeRequest, response: ServerResponse) => {
    if (!runtime.faults.isUnhealthy()) return sendEmpty(response, 200);
    sendJson(response, 503, { error: 'unhealthy', error_type: 'healthcheck' });
  };
  return [
    { methods: ['GET'], path: '/health', handle: health },
    { methods: ['GET'], path: '/ping', handle: health },
    { methods: ['GET'], path: '/', handle: health },
    ...listGenerationRoutes(
      { '/': 'compat', '/generate': 'generate', '/generate_stream': 'generate_stream' },
      (q, r, kind) => handleGenerate(runtime, options, q, r, kind),
    ),
    { methods: ['GET'], path: '/info', handle: (_q, r) => sendJson(r, 200, infoBody(runtime, options)) },
    { methods: ['POST'], path: '/tokenize', handle: handleTokenize },
    {
      methods: ['GET'],
      path: '/v1/models',
      handle: (_q, r) =>
        sendJson(r, 200, {
          object: 'list',
          data: [{ id: runtime.model, object: 'model', created: 0, owned_by: runtime.model }],
        }),
    },
    {
      methods: ['GET'],
      path: '/metrics',
      handle: (_q, r) =>
        sendText(r, 200, renderTgiMetrics(runtime), { 'content-type': 'text/plain; charset=utf-8' }),
    },
  ];
}

/** The fake TGI text-generation-router (specs/engines/tgi.md). */
export const tgiEngine: EngineModule = {
  defaults: { model: 'meta-llama/Llama-3.1-8B-Instruct', version: '3.3.6', slots: 64 },
  loadingRefusesConnections: true,
  createHandler(runtime) {
    const options = runtime.options.tgi ?? {};
    const routes = createTgiRoutes(runtime, options);
    return createRouteHandler(routes, {
      answerMiss: (response, miss) => sendEmpty(response, miss === 'not-found' ? 404 : 405),
    });
  },
};
