import { checkEventSequence, deriveSeed, type StreamEvent, type Task } from '@orch/adapter-api';
import {
  collect,
  createFixtureServerPerTest,
  createRecordingLogger,
  type FixtureRoute,
  findRefusedUrl,
  rejection,
  splitIntoByteChunks,
  textOf,
  tokensOf,
} from '@orch/adapter-utils/testing';
import { describe, expect, it } from 'vitest';
import { createOpenAiAdapter, type OpenAiAdapterSettings } from './index.js';
import {
  createLlamaServerRoutes,
  createOpenAiRoutes,
  jsonFixtureReply,
  LLAMACPP_FIXTURE_MODEL,
  LLAMACPP_SSE_HEADERS,
  readOpenAiFixture,
  readStreamFixtureText,
  splitStreamFixture,
  streamFixtureReply,
} from './openai-fixtures.js';

const API_KEY = 'sk-proj-openai-secret-key-0123456789abcdef';
const task: Task = {
  task_id: 'task-1',
  model: 'tiny',
  prompt: 'Hello',
  max_tokens: 8,
  seed: 7,
  temperature: 0.9,
  priority: 'interactive',
};
const chatTask: Task = {
  task_id: 'chat-1',
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Hi there' },
  ],
  max_tokens: 5,
  seed: 7,
  priority: 'interactive',
};

const fixture = createFixtureServerPerTest();

function startServer(base: Record<string, FixtureRoute>, routes: Record<string, FixtureRoute> = {}) {
  return fixture.start({ ...base, ...routes });
}

function createAdapter(baseUrl: string, overrides: Partial<OpenAiAdapterSettings> = {}) {
  const { logger, logs } = createRecordingLogger();
  const adapter = createOpenAiAdapter({ baseUrl, model: 'tiny', apiKey: API_KEY, logger, ...overrides });
  return { adapter, logs };
}

const { requestsTo } = fixture;

describe('OpenAI-compatible adapter on llama-server OAI routes (fixture replay, OC-ADAPT-6001, OC-ADAPT-6011)', () => {
  it('leaves figures the server does not give out of end, never 0 (ORCH-EVT-005)', async () => {
    // An older server that ignores stream_options: no usage chunk, no timings.
    const chunk = (text: string, finish: string | null) =>
      `data: ${JSON.stringify({
        id: 'cmpl-1',
        object: 'text_completion',
        created: 1,
        model: 'tiny',
        choices: [{ index: 0, text, logprobs: null, finish_reason: finish }],
      })}\n\n`;
    const { url } = await startServer(createLlamaServerRoutes(), {
      'POST /v1/completions': {
        headers: { 'content-type': 'text/event-stream' },
        body: `${chunk(' a', null)}${chunk(' b', 'stop')}data: [DONE]\n\n`,
      },
    });
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(task));
    expect(checkEventSequence(events)).toEqual([]);
    const end = events.at(-1);
    expect(end).toMatchObject({ type: 'end', finish_reason: 'stop' });
    expect(end).not.toHaveProperty('tokens_in');
    expect(end).not.toHaveProperty('decode_ms', 0);
    expect(events.filter((event) => event.type === 'metrics')).toEqual([]);
  });

  it('streams a recorded /v1/completions answer as started, one token per delta and a length end', async () => {
    const { url } = await startServer(createLlamaServerRoutes());
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(task));
    expect(checkEventSequence(events)).toEqual([]);
    expect(events[0]).toMatchObject({
      type: 'started',
      task_id: 'task-1',
      engine: 'openai',
      engine_version: 'b11669-Debian',
      model: 'tiny',
      seed: 7,
    });
    expect(tokensOf(events)).toEqual([' that', ' engin', ' mos', ' to', 'è', ' engin', 'ä']);
    expect(textOf(events)).toBe(readStreamFixtureText('llamacpp-completions-stream.sse'));
    expect(events.at(-1)).toMatchObject({
      type: 'end',
      finish_reason: 'length',
      finish_reason_raw: 'length',
      tokens_in: 2,
      tokens_out: 8,
      decode_ms: 2.609,
    });
  });

  it('sends the mapped request with the seed, include_usage, the sampler profile and the API key as Bearer (OC-ADAPT-6000, ORCH-DET-021)', async () => {
    const { url } = await startServer(createLlamaServerRoutes());
    const { adapter } = createAdapter(url);
    await collect(adapter.submit({ ...task, top_p: 0.9, stop: ['\n\n'] }));
    const [request] = requestsTo('/v1/completions');
    expect(request?.json).toEqual({
      model: 'tiny',
      stream: true,
      seed: 7,
      stream_options: { include_usage: true },
      temperature: 0.9,
      top_p: 0.9,
      presence_penalty: 0,
      frequency_penalty: 0,
      stop: ['\n\n'],
      prompt: 'Hello',
      max_tokens: 8,
    });
    expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it('derives the seed from the task id when the task has none', async () => {
    const { url } = await startServer(createLlamaServerRoutes());
    const { adapter } = createAdapter(url);
    const { seed: _seed, ...unseeded } = task;
    const events = await collect(adapter.submit(unseeded));
    expect(requestsTo('/v1/completions')[0]?.json).toMatchObject({ seed: deriveSeed('task-1') });
    expect(events[0]).toMatchObject({ type: 'started', seed: deriveSeed('task-1') });
  });

  it('drops top_k and min_p with a warning by default, and sends them with extendedSampling', async () => {
    const { url } = await startServer(createLlamaServerRoutes());
    const { adapter, logs } = createAdapter(url);
    await collect(adapter.submit({ ...task, top_k: 20, min_p: 0.1 }));
    expect(requestsTo('/v1/completions')[0]?.json).not.toHaveProperty('top_k');
    expect(logs).toContainEqual({
      level: 'warn',
      message: 'OpenAI-compatible adapter drops task fields it cannot send',
      fields: { task_id: 'task-1', fields: ['top_k', 'min_p'] },
    });
    const { adapter: extended, logs: quiet } = createAdapter(url, { extendedSampling: true });
    await collect(extended.submit({ ...task, task_id: 'task-2', top_k: 20, min_p: 0.1 }));
    expect(requestsTo('/v1/completions')[1]?.json).toMatchObject({ top_k: 20, min_p: 0.1 });
    expect(quiet.filter((line) => line.level === 'warn')).toEqual([]);
  });

  it("merges extraBody under every request, the task's own fields winning", async () => {
    const { url } = await startServer(createLlamaServerRoutes());
    const { adapter } = createAdapter(url, { extraBody: { cache_prompt: false, seed: 1, stream: false } });
    await collect(adapter.submit(task));
    expect(requestsTo('/v1/completions')[0]?.json).toMatchObject({
      cache_prompt: false,
      seed: 7,
      stream: true,
    });
  });

  it('streams chat turns from /v1/chat/completions; the role chunk (content null) gives no token', async () => {
    const { url } = await startServer(createLlamaServerRoutes());
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(chatTask));
    expect(checkEventSequence(events)).toEqual([]);
    expect(requestsTo('/v1/chat/completions')[0]?.json).toMatchObject({
      model: 'tiny',
      messages: chatTask.messages,
      max_tokens: 5,
    });
    expect(textOf(events)).toBe(' ju outes to people');
    expect(events.at(-1)).toMatchObject({
      type: 'end',
      finish_reason: 'length',
      tokens_in: 40,
      tokens_out: 5,
    });
  });

  it('names the chat token limit max_completion_tokens when asked, and can send prompts as chat turns', async () => {
    const { url } = await startServer(createLlamaServerRoutes());
    const { adapter } = createAdapter(url, { maxTokensField: 'max_completion_tokens', promptRoute: 'chat' });
    await collect(adapter.submit(task));
    const sent = requestsTo('/v1/chat/completions')[0]?.json;
    expect(sent).toMatchObject({ messages: [{ role: 'user', content: 'Hello' }], max_completion_tokens: 8 });
    expect(sent).not.toHaveProperty('max_tokens');
    expect(requestsTo('/v1/completions')).toHaveLength(0);
  });

  it('reads the version from /props build_info once (no /version on llama-server) and caches it (OC-ADAPT-6010)', async () => {
    const { url } = await startServer(createLlamaServerRoutes());
    const { adapter, logs } = createAdapter(url);
    await collect(adapter.submit(task));
    await collect(adapter.submit({ ...task, task_id: 'task-2' }));
    expect(requestsTo('/version')).toHaveLength(1);
    expect(requestsTo('/props')).toHaveLength(1);
    expect(logs.filter((line) => line.level === 'warn')).toEqual([]);
  });

  it('keeps UTF-8 characters whole when the recorded bytes arrive split across chunks', async () => {
    const body = readOpenAiFixture('llamacpp-completions-stream.sse');
    const { url } = await startServer(createLlamaServerRoutes(), {
      'POST /v1/completions': { headers: LLAMACPP_SSE_HEADERS, chunks: splitIntoByteChunks(body, 5) },
    });
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(task));
    expect(textOf(events)).toBe(' that engin mos toè enginä');
    expect(checkEventSequence(events)).toEqual([]);
  });

  it("turns llama-server's mid-stream error event (no [DONE] after it) into one error event", async () => {
    const [first, second] = splitStreamFixture('llamacpp-completions-stream.sse');
    const error =
      'data: {"error":{"code":500,"message":"Could not decode the batch","type":"server_error"}}\n\n';
    const { url } = await startServer(createLlamaServerRoutes(), {
      'POST /v1/completions': streamFixtureReply('llamacpp-completions-stream.sse', [
        first ?? '',
        second ?? '',
        error,
      ]),
    });
    const { adapter } = createAdapter(url);
    const events = await collect(adapter.submit(task));
    expect(checkEventSequence(events)).toEqual([]);
    expect(events.at(-1)).toEqual({
      type: 'error',
      code: 'engine_error',
      message: 'openai sent an error event mid-stream (status 500): Could not decode the batch',
      retriable: true,
      tokens_delivered: 2,
    });
  });

  it('ends a stream cut before its finish chunk with stream_truncated', async () => {
    const events = splitStreamFixture('llamacpp-completions-stream.sse').slice(0, 3);
    const { url } = await startServer(createLlamaServerRoutes(), {
      'POST /v1/completions': streamFixtureReply('llamacpp-completions-stream.sse', events),
    });
    const { adapter } = createAdapter(url);
    expect((await collect(adapter.submit(task))).at(-1)).toMatchObject({
      type: 'error',
      code: 'stream_truncated',
      tokens_delivered: 3,
    });
  });

  it('rejects an over-long prompt with context_length_exceeded', async () => {
    const { url } = await startServer(createLlamaServerRoutes(), {
      'POST /v1/completions': jsonFixtureReply('llamacpp-http-400-exceed-context.json', 400),
    });
    const { adapter } = createAdapter(url);
    const error = await rejection(() => collect(adapter.submit(task)));
    expect(error.code).toBe('context_length_exceeded');
    expect(error.context.engine_code).toBe('exceed_context_size_error');
  });
});

describe('OpenAI-compatible adapter on OpenAI-style traffic (OC-ADAPT-6000, OC-ADAPT-6001, OC-ADAPT-6010)', () => {
  const openAiTask = { ...chatTask, model: 'gpt-4o-mini' };
  const openAiSettings = { model: 'gpt-4o-mini', promptRoute: 'chat' as const, tokenizePath: '/tokenize' };

  it('streams chat deltas as tokens, ignoring usage: null and unknown fields (obfuscation)', async () => {
    const { url } = await startServer(createOpenAiRoutes());
    const { adapter } = createAdapter(url, openAiSettings);
    const events = await collect(adapter.submit(openAiTask));
    expect(checkEventSequence(events)).toEqual([]);
    expect(textOf(events)).toBe('Hello! How can I help you today?');
    expect(tokensOf(events)).toHaveLength(9);
    expect(events.at(-1)).toMatchObject({
      type: 'end',
      finish_reason: 'stop',
      finish_reason_raw: 'stop',
      tokens_in: 19,
      tokens_out: 10,
    });
  });

  it('reports the Server header as a marked fallback, then upgrades to the system_fingerprint the server sends', async () => {
    const { url } = await startServer(createOpenAiRoutes());
    const { adapter, logs } = createAdapter(url, openAiSettings);
    const first = await collect(adapter.submit(openAiTask));
    expect(first[0]).toMatchObject({ type: 'started', engine_version: 'cloudflare (Server header)' });
    const second = await collect(adapter.submit({ ...openAiTask, task_id: 'chat-2' }));
    expect(second[0]).toMatchObject({ type: 'started', engine_version: 'fp_06737a9306' });
    const properties = await adapter.properties();
    expect(properties.engine_version).toBe('fp_06737a9306');
    expect(properties.extra?.engine_version_source).toBe('system-fingerprint');
    expect(
      logs.filter((line) => line.level === 'warn' && line.message.includes('reports no version')),
    ).toHaveLength(1);
  });

  it('maps finish_reason content_filter to content_filter', async () => {
    const { url } = await startServer(createOpenAiRoutes(), {
      'POST /v1/chat/completions': streamFixtureReply('openai-chat-stream-content-filter.sse'),
    });
    const { adapter } = createAdapter(url, openAiSettings);
    expect((await collect(adapter.submit(openAiTask))).at(-1)).toMatchObject({
      type: 'end',
      finish_reason: 'content_filter',
      finish_reason_raw: 'content_filter',
    });
  });

  it('rejects a wrong API key (401) as engine_rejected with the server message', async () => {
    const { url } = await startServer(createOpenAiRoutes(), {
      'POST /v1/chat/completions': jsonFixtureReply('openai-http-401-invalid-key.json', 401),
    });
    const { adapter } = createAdapter(url, openAiSettings);
    const error = await rejection(() => collect(adapter.submit(openAiTask)));
    expect(error).toMatchObject({ code: 'engine_rejected', retriable: false });
    expect(error.message).toContain('Incorrect API key provided');
    expect(error.context).toMatchObject({ status: 401, engine_code: 'invalid_api_key' });
  });

  it('rejects a rate limit (429) as retriable engine_overloaded with the Retry-After delay', async () => {
    const { url } = await startServer(createOpenAiRoutes(), {
      'POST /v1/chat/completions': jsonFixtureReply('openai-http-429-rate-limit.json', 429, {
        'retry-after': '20',
      }),
    });
    const { adapter } = createAdapter(url, openAiSettings);
    const error = await rejection(() => collect(adapter.submit(openAiTask)));
    expect(error).toMatchObject({ code: 'engine_overloaded', retriable: true, retryAfterMs: 20_000 });
  });

  it('maps context_length_exceeded and model_not_found', async () => {
    const { url } = await startServer(createOpenAiRoutes(), {
      'POST /v1/chat/completions': jsonFixtureReply('openai-http-400-context-length.json', 400),
    });
    const { adapter } = createAdapter(url, openAiSettings);
    expect((await rejection(() => collect(adapter.submit(openAiTask)))).code).toBe('context_length_exceeded');
    fixture.current?.setRoute(
      'POST /v1/chat/completions',
      jsonFixtureReply('openai-http-404-model-not-found.json', 404),
    );
    const unknown = await rejection(() => collect(adapter.submit({ ...openAiTask, task_id: 'chat-2' })));
    expect(unknown).toMatchObject({
      code: 'engine_rejected',
      retriable: false,
      context: { engine_code: 'model_not_found' },
    });
  });

  it('reads the model card (listed or not) from /v1/models', async () => {
    const { url } = await startServer(createOpenAiRoutes());
    const { adapter } = createAdapter(url, openAiSettings);
    const properties = await adapter.properties();
    expect(properties).toMatchObject({ engine: 'openai', model: 'gpt-4o-mini' });
    expect(properties.context_size).toBeUndefined();
    expect(properties.extra).toMatchObject({ model_listed: true, models_served: 4, owned_by: 'system' });
    const { adapter: other } = createAdapter(url, { model: 'gpt-9' });
    expect(await other.properties()).toMatchObject({ model: 'gpt-9', extra: { model_listed: false } });
  });

  it('declares the sampler profile and structured output, unless configured off (ORCH-DET-020, ORCH-API-021)', async () => {
    const { url } = await startServer(createOpenAiRoutes());
    const { adapter } = createAdapter(url, openAiSettings);
    expect(await adapter.properties()).toMatchObject({
      sampler_profile_version: 'sp-1',
      capabilities: { structured_output: true },
    });
    const { adapter: plain } = createAdapter(url, {
      ...openAiSettings,
      samplerProfile: false,
      structuredOutput: false,
    });
    const properties = await plain.properties();
    expect(properties.sampler_profile_version).toBeUndefined();
    expect(properties.capabilities).toEqual({ structured_output: false });
  });

  it('refuses response_format before any request when structured output is off (ORCH-API-021)', async () => {
    const { url } = await startServer(createOpenAiRoutes());
    const { adapter } = createAdapter(url, { ...openAiSettings, structuredOutput: false });
    const error = await rejection(() =>
      collect(adapter.submit({ ...task, response_format: { type: 'json_object' } })),
    );
    expect(error.code).toBe('capability_unsupported');
    expect(requestsTo('/v1/chat/completions')).toHaveLength(0);
    await collect(adapter.submit(task));
    expect(requestsTo('/v1/chat/completions')).toHaveLength(1); // the route a task without it takes
  });

  it('estimates with the character heuristic when the server has no /tokenize, warning once', async () => {
    const { url } = await startServer(createOpenAiRoutes());
    const { adapter, logs } = createAdapter(url, openAiSettings);
    const estimate = await adapter.estimateTokens({
      ...openAiTask,
      messages: [{ role: 'user', content: 'abcdefgh' }],
    });
    expect(estimate).toEqual({ prompt_tokens: 3 + 2 + 4, total_tokens: 14, method: 'heuristic' });
    await adapter.estimateTokens({ ...task, prompt: 'abcd' });
    expect(requestsTo('/tokenize')).toHaveLength(1);
    expect(logs.filter((line) => line.level === 'warn' && line.message.includes('tokenize'))).toHaveLength(1);
  });
});

describe('OpenAI-compatible adapter cancel (OC-ADAPT-6000)', () => {
  const stallingStream = () => {
    const [first, second] = splitStreamFixture('llamacpp-completions-stream.sse');
    return streamFixtureReply('llamacpp-completions-stream.sse', [
      first ?? '',
      second ?? '',
      { stall: true },
    ]);
  };

  it('cancel(taskId) ends the stream with end{cancelled}, no further token, and closes the request', async () => {
    const { url } = await startServer(createLlamaServerRoutes(), {
      'POST /v1/completions': stallingStream(),
    });
    const { adapter } = createAdapter(url);
    const events: StreamEvent[] = [];
    for await (const event of adapter.submit(task)) {
      events.push(event);
      if (event.type === 'token' && event.i === 1) void adapter.cancel('task-1');
    }
    expect(tokensOf(events)).toHaveLength(2);
    expect(events.at(-1)).toEqual({
      type: 'end',
      finish_reason: 'cancelled',
      finish_reason_raw: 'cancelled',
    });
    expect(adapter.activeTasks).toBe(0);
    await fixture.current?.waitFor(() => requestsTo('/v1/completions')[0]?.closedByClient === true);
  });

  it('aborting the signal mid-stream delivers no further token', async () => {
    const { url } = await startServer(createLlamaServerRoutes());
    const { adapter } = createAdapter(url);
    const controller = new AbortController();
    const events: StreamEvent[] = [];
    for await (const event of adapter.submit(task, { signal: controller.signal })) {
      events.push(event);
      if (event.type === 'token' && event.i === 0) controller.abort();
    }
    expect(tokensOf(events)).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'cancelled' });
  });

  it('rejects with cancelled when the signal is already aborted, sending nothing; ignores unknown ids', async () => {
    const { url } = await startServer(createLlamaServerRoutes());
    const { adapter } = createAdapter(url);
    const error = await rejection(() => collect(adapter.submit(task, { signal: AbortSignal.abort() })));
    expect(error.code).toBe('cancelled');
    expect(requestsTo('/v1/completions')).toHaveLength(0);
    await expect(adapter.cancel('nobody')).resolves.toBeUndefined();
  });
});

describe('OpenAI-compatible adapter health, properties and tokens (OC-ADAPT-6000)', () => {
  it('reports ready for a 200 model list, loading for 503, a clear detail for 401, down when refused', async () => {
    const { url } = await startServer(createLlamaServerRoutes());
    const { adapter } = createAdapter(url);
    expect((await adapter.health()).state).toBe('ready');
    expect(requestsTo('/v1/models')[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    fixture.current?.setRoute('GET /v1/models', {
      status: 503,
      body: '{"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}',
    });
    expect(await adapter.health()).toMatchObject({
      state: 'loading',
      detail: 'HTTP 503: the server answered an error: Loading model',
    });
    fixture.current?.setRoute('GET /v1/models', jsonFixtureReply('openai-http-401-invalid-key.json', 401));
    const refused = await adapter.health();
    expect(refused.state).toBe('unhealthy');
    expect(refused.detail).toMatch(
      /^HTTP 401: the server refused the API key \(missing, wrong or without access\): Incorrect API key/,
    );
    const { adapter: unreachable } = createAdapter(await findRefusedUrl());
    expect((await unreachable.health()).state).toBe('down');
  });

  it('probes healthPath instead when set (llama-server and vLLM /health)', async () => {
    const { url } = await startServer(createLlamaServerRoutes(), {
      'GET /health': { body: '{"status":"ok"}' },
    });
    const { adapter } = createAdapter(url, { healthPath: '/health' });
    expect((await adapter.health()).state).toBe('ready');
    expect(requestsTo('/health')).toHaveLength(1);
    expect(requestsTo('/v1/models')).toHaveLength(0);
  });

  it("reads llama-server's model card: path, meta.n_ctx as context size, build_info as version", async () => {
    const { url } = await startServer(createLlamaServerRoutes());
    const { adapter } = createAdapter(url);
    expect(await adapter.properties()).toEqual({
      engine: 'openai',
      engine_version: 'b11669-Debian',
      model: LLAMACPP_FIXTURE_MODEL,
      context_size: 512,
      sampler_profile_version: 'sp-1',
      capabilities: { structured_output: true },
      extra: {
        engine_version_source: 'props-build-info',
        model_listed: true,
        models_served: 1,
        owned_by: 'llamacpp',
      },
    });
  });

  it('throws engine_unavailable from properties when the server is down', async () => {
    const { adapter } = createAdapter(await findRefusedUrl());
    expect((await rejection(() => adapter.properties())).code).toBe('engine_unavailable');
  });

  it('counts a prompt with /tokenize, in the field names of llama-server and vLLM', async () => {
    const { url } = await startServer(createLlamaServerRoutes());
    const { adapter } = createAdapter(url);
    expect(await adapter.estimateTokens({ ...task, prompt: 'Hello wörld' })).toEqual({
      prompt_tokens: 7,
      total_tokens: 15,
      method: 'tokenizer',
    });
    expect(requestsTo('/tokenize')[0]?.json).toEqual({
      model: 'tiny',
      prompt: 'Hello wörld',
      content: 'Hello wörld',
      add_special_tokens: true,
      add_special: true,
    });
  });

  it("falls back to the heuristic for chat turns when /tokenize gives no count (llama-server's empty list)", async () => {
    const { url } = await startServer(createLlamaServerRoutes());
    const { adapter } = createAdapter(url);
    expect((await adapter.estimateTokens(chatTask)).method).toBe('heuristic');
    expect((await adapter.estimateTokens(chatTask)).method).toBe('heuristic');
    expect((await adapter.estimateTokens(task)).method).toBe('tokenizer');
    expect(requestsTo('/tokenize')).toHaveLength(2);
  });
});

describe('OpenAI-compatible adapter secrets (OC-ADAPT-6020)', () => {
  it('never writes the API key to logs, errors, health or events, even when the server echoes it', async () => {
    const echo = (request: { headers: Record<string, string | string[] | undefined> }) => ({
      status: 401,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        error: {
          message: `Invalid key in header: ${String(request.headers.authorization)}`,
          type: 'invalid_request_error',
          param: null,
          code: 'invalid_api_key',
        },
      }),
    });
    const { url } = await startServer(
      {},
      {
        'GET /version': echo,
        'GET /props': echo,
        'GET /v1/models': echo,
        'POST /v1/completions': echo,
        'POST /tokenize': echo,
      },
    );
    const { adapter, logs } = createAdapter(url);
    const errors = [
      await rejection(() => collect(adapter.submit(task))),
      await rejection(() => adapter.properties()),
    ];
    const health = await adapter.health();
    const estimate = await adapter.estimateTokens(task);
    const visible = JSON.stringify({
      errors: errors.map((error) => ({
        message: error.message,
        context: error.context,
        event: error.toEvent(),
      })),
      logs,
      health,
      estimate,
    });
    expect(errors.map((error) => error.code)).toEqual(['engine_rejected', 'engine_rejected']);
    expect(health.state).toBe('unhealthy');
    expect(visible).toContain('[REDACTED]');
    expect(visible).not.toContain(API_KEY);
    expect(visible).not.toContain(API_KEY.slice(8));
  });
});
