import { afterEach, describe, expect, it } from 'vitest';
import type { FakeEngine } from '../fake-engine.js';
import type { FakeEngineOptions } from '../fake-engine-options.js';
import { startFakeEngine } from '../start-fake-engine.js';
import { parseEvents, postJson, readSse } from '../testing/http-test-helpers.js';
import { rawHttpRequest } from '../testing/raw-http-request.js';

/** Polls `check` until it is true (every 25 ms, at most `limitMs`). */
async function eventually(check: () => Promise<boolean>, limitMs = 10_000): Promise<boolean> {
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

let engine: FakeEngine | null = null;

async function start(options: FakeEngineOptions = {}): Promise<FakeEngine> {
  engine = await startFakeEngine('llamacpp', { defaultSeed: 8, ...options });
  return engine;
}

afterEach(async () => {
  await engine?.close();
  engine = null;
});

type Partial = {
  content: string;
  stop: boolean;
  tokens: number[];
  tokens_predicted: number;
  id_slot: number;
};

describe('fake llama.cpp /completion', () => {
  it('streams partials then a stop:true final with empty content, and no [DONE]', async () => {
    const fake = await start();
    const raw = await rawHttpRequest(fake.url, '/completion', {
      body: { prompt: 'Hello', n_predict: 4, stream: true },
    });
    const text = raw.body.toString('utf8');
    expect(raw.headers.server).toBe('llama.cpp');
    expect(text).not.toContain('[DONE]');
    const events = text
      .split('\n\n')
      .filter(Boolean)
      .map((event) => {
        expect(event.startsWith('data: ')).toBe(true);
        return JSON.parse(event.slice(6)) as Record<string, unknown>;
      });
    expect(
      events.slice(0, -1).every((event) => event.stop === false && Object.keys(event).length === 7),
    ).toBe(true);
    expect(events[0]).toMatchObject({
      index: 0,
      stop: false,
      id_slot: 0,
      tokens_predicted: 1,
      tokens_evaluated: 6,
    });
    const final = events.at(-1) ?? {};
    expect(final).toMatchObject({
      content: '',
      tokens: [],
      stop: true,
      stop_type: 'limit',
      stopping_word: '',
      tokens_predicted: 4,
    });
    expect(final.generation_settings).toMatchObject({ seed: 4294967295, n_predict: 4 });
    expect(final.timings).toMatchObject({ prompt_n: 6, predicted_n: 4 });
  });

  it('returns as non-streamed content exactly the streamed contents', async () => {
    const fake = await start();
    for (const seed of [1, 2, 3]) {
      const request = { prompt: 'Story', n_predict: 50, seed };
      const events = parseEvents(
        (await readSse(await postJson(fake.url, '/completion', { ...request, stream: true }))).data,
      ) as Partial[];
      const whole = (await (await postJson(fake.url, '/completion', request)).json()) as {
        content: string;
        generation_settings: { seed: number };
      };
      expect(events.map((event) => event.content).join('')).toBe(whole.content);
      expect(whole.generation_settings.seed).toBe(seed);
    }
  });

  it('reports stop_type eos at the natural length and word with stopping_word for a stop string', async () => {
    const fake = await start({ eosAfterTokens: 6 });
    const eos = (await (await postJson(fake.url, '/completion', { prompt: 'x' })).json()) as Record<
      string,
      unknown
    >;
    expect(eos.stop_type).toBe('eos');
    const full = (await (
      await postJson(fake.url, '/completion', { prompt: 'x', ignore_eos: true, n_predict: 30 })
    ).json()) as {
      content: string;
    };
    const stop = full.content.slice(9, 14);
    const cut = (await (
      await postJson(fake.url, '/completion', { prompt: 'x', ignore_eos: true, n_predict: 30, stop: [stop] })
    ).json()) as Record<string, unknown>;
    expect(cut).toMatchObject({
      stop_type: 'word',
      stopping_word: stop,
      content: full.content.slice(0, full.content.indexOf(stop)),
    });
  });

  it('holds back incomplete characters: every streamed content is valid, complete text', async () => {
    const fake = await start();
    let multibyte = 0;
    for (let seed = 0; seed < 10; seed += 1) {
      const events = parseEvents(
        (
          await readSse(
            await postJson(fake.url, '/completion', { prompt: 'x', n_predict: 60, seed, stream: true }),
          )
        ).data,
      ) as Partial[];
      for (const event of events.slice(0, -1)) {
        expect(event.content).not.toContain('\ufffd');
        expect(event.content.length).toBeGreaterThan(0);
        if (/[\u0080-\uffff]/.test(event.content)) multibyte += 1;
      }
    }
    expect(multibyte).toBeGreaterThan(0);
  });

  it('turns an error before any output into an HTTP error, and a later one into an event without [DONE]', async () => {
    const fake = await start({ faults: { errorAfterTokens: 0 } });
    const first = await postJson(fake.url, '/completion', { prompt: 'x', stream: true, n_predict: 5 });
    expect(first.status).toBe(500);
    expect(await first.json()).toEqual({
      error: { code: 500, message: 'injected failure', type: 'server_error' },
    });
    await fake.setFaults({ errorAfterTokens: 2 });
    const later = await readSse(
      await postJson(fake.url, '/v1/completions', { prompt: 'x', stream: true, max_tokens: 5 }),
    );
    expect(later.data).toHaveLength(3);
    expect(JSON.parse(later.data[2] ?? '{}')).toEqual({
      error: { code: 500, message: 'injected failure', type: 'server_error' },
    });
  });

  it('rejects a prompt longer than the context with exceed_context_size_error', async () => {
    const fake = await start({ contextLength: 16 });
    const response = await postJson(fake.url, '/completion', {
      prompt: 'one two three four five six seven eight nine ten',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: 400, type: 'exceed_context_size_error', n_ctx: 16 },
    });
  });
});

describe('fake llama.cpp OAI routes', () => {
  it('streams /v1/completions chunks with a chatcmpl- id, usage on the final chunk, then [DONE]', async () => {
    const fake = await start();
    const { data } = await readSse(
      await postJson(fake.url, '/v1/completions', { prompt: 'x', max_tokens: 3, stream: true }),
    );
    expect(data.at(-1)).toBe('[DONE]');
    const events = parseEvents(data);
    expect(events.every((event) => String(event.id).match(/^chatcmpl-[A-Za-z0-9]{32}$/) !== null)).toBe(true);
    expect(events.at(-1)).toMatchObject({
      object: 'text_completion',
      system_fingerprint: 'b9553-cbbe868c0',
      usage: { completion_tokens: 3 },
    });
    expect(events.at(-1)).toHaveProperty('timings');
  });

  it('streams chat with a role chunk (content null) first and an include_usage chunk with empty choices', async () => {
    const fake = await start();
    const request = { messages: [{ role: 'user', content: 'hi' }], max_tokens: 8 };
    const { data } = await readSse(
      await postJson(fake.url, '/v1/chat/completions', {
        ...request,
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    const events = parseEvents(data);
    type Chunk = {
      choices: Array<{ delta: { content?: string | null; role?: string }; finish_reason: string | null }>;
    };
    const chunks = events as unknown as Chunk[];
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: null });
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-2)?.choices[0]).toMatchObject({ finish_reason: 'length', delta: {} });
    const streamed = chunks
      .slice(1, -2)
      .map((chunk) => chunk.choices[0]?.delta.content)
      .join('');
    const whole = (await (await postJson(fake.url, '/v1/chat/completions', request)).json()) as {
      choices: Array<{ message: { content: string } }>;
    };
    expect(streamed).toBe(whole.choices[0]?.message.content);
  });

  it('lists the model as owned_by llamacpp with meta', async () => {
    const fake = await start();
    const models = (await (await fetch(`${fake.url}/v1/models`)).json()) as {
      data: Array<Record<string, unknown>>;
    };
    expect(models.data[0]).toMatchObject({ id: 'fake-model', owned_by: 'llamacpp' });
    expect(models.data[0]?.meta).toHaveProperty('n_ctx_train');
  });
});

describe('fake llama.cpp side routes', () => {
  it('answers every route with 503 Loading model while loading, then /health ok', async () => {
    const fake = await start({ faults: { loadingForMs: 1_500 } });
    for (const path of ['/health', '/props', '/v1/models']) {
      const response = await fetch(`${fake.url}${path}`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        error: { code: 503, message: 'Loading model', type: 'unavailable_error' },
      });
    }
    expect(await eventually(async () => (await fetch(`${fake.url}/health`)).status === 200)).toBe(true);
    expect(await (await fetch(`${fake.url}/health`)).json()).toEqual({ status: 'ok' });
  });

  it('serves /props with build_info, total_slots, n_ctx, model_path and chat_template', async () => {
    const fake = await start({ slots: 2, contextLength: 1024 });
    const props = (await (await fetch(`${fake.url}/props`)).json()) as Record<string, unknown>;
    expect(props).toMatchObject({
      build_info: 'b9553-cbbe868c0',
      total_slots: 2,
      default_generation_settings: { n_ctx: 1024 },
    });
    expect(typeof props.model_path).toBe('string');
    expect(typeof props.chat_template).toBe('string');
  });

  it('shows is_processing on the slot serving an active request', async () => {
    const fake = await start({ tokensPerSecond: 100 });
    const controller = new AbortController();
    const response = await postJson(
      fake.url,
      '/completion',
      { prompt: 'x', n_predict: 200, stream: true },
      { signal: controller.signal },
    );
    const reader = response.body?.getReader();
    await reader?.read();
    const busy = (await (await fetch(`${fake.url}/slots`)).json()) as Array<{
      id: number;
      is_processing: boolean;
    }>;
    expect(busy.filter((slot) => slot.is_processing).map((slot) => slot.id)).toEqual([0]);
    controller.abort();
    await fake.whenIdle();
    const idle = (await (await fetch(`${fake.url}/slots`)).json()) as Array<{ is_processing: boolean }>;
    expect(idle.every((slot) => !slot.is_processing)).toBe(true);
    expect(fake.abortedStreams).toBe(1);
  });

  it('tokenizes with byte-array pieces for partial characters and detokenizes back', async () => {
    const fake = await start();
    const tokenized = (await (
      await postJson(fake.url, '/tokenize', { content: 'a é', with_pieces: true })
    ).json()) as {
      tokens: Array<{ id: number; piece: string | number[] }>;
    };
    expect(tokenized.tokens.map((token) => token.piece)).toEqual(['a', ' ', [0xc3], [0xa9]]);
    const detokenized = (await (
      await postJson(fake.url, '/detokenize', { tokens: tokenized.tokens.map((token) => token.id) })
    ).json()) as {
      content: string;
    };
    expect(detokenized.content).toBe('a é');
  });

  it('serves llamacpp: metrics without labels, or 501 when metrics are off', async () => {
    const fake = await start();
    const response = await fetch(`${fake.url}/metrics`);
    expect(response.headers.get('process-start-time-unix')).toMatch(/^\d+$/);
    const text = await response.text();
    expect(text).toContain('# TYPE llamacpp:requests_processing gauge');
    expect(text).toContain('llamacpp:requests_deferred 0');
    expect(text).not.toMatch(/llamacpp:[a-z_]+\{/);
    await fake.close();
    const off = await start({ llamacpp: { metrics: false } });
    const disabled = await fetch(`${off.url}/metrics`);
    expect(disabled.status).toBe(501);
    expect(await disabled.json()).toMatchObject({ error: { type: 'not_supported_error' } });
  });

  it('requires the API key except on /health and /v1/models', async () => {
    const fake = await start({ apiKey: 'secret-key' });
    const denied = await postJson(fake.url, '/completion', { prompt: 'x' });
    expect(denied.status).toBe(401);
    expect(await denied.json()).toEqual({
      error: { code: 401, message: 'Invalid API Key', type: 'authentication_error' },
    });
    expect((await fetch(`${fake.url}/health`)).status).toBe(200);
    expect((await fetch(`${fake.url}/v1/models`)).status).toBe(200);
    const allowed = await postJson(
      fake.url,
      '/completion',
      { prompt: 'x', n_predict: 2 },
      { headers: { 'x-api-key': 'secret-key' } },
    );
    expect(allowed.status).toBe(200);
  });

  it('answers unknown routes with not_found_error', async () => {
    const fake = await start();
    const response = await fetch(`${fake.url}/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 404, message: 'File Not Found', type: 'not_found_error' },
    });
  });
});
