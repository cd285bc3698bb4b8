import { afterEach, describe, expect, it } from 'vitest';
import type { FakeEngine } from '../fake-engine.js';
import type { FakeEngineOptions } from '../fake-engine-options.js';
import { startFakeEngine } from '../start-fake-engine.js';
import { parseEvents, postJson, readSse } from '../testing/http-test-helpers.js';
import { rawHttpRequest } from '../testing/raw-http-request.js';

let engine: FakeEngine | null = null;

async function start(options: FakeEngineOptions = {}): Promise<FakeEngine> {
  engine = await startFakeEngine('vllm', { defaultSeed: 7, ...options });
  return engine;
}

afterEach(async () => {
  await engine?.close();
  engine = null;
});

type Choice = {
  text?: string;
  delta?: { content?: string; role?: string };
  finish_reason: string | null;
  stop_reason?: unknown;
};

function choicesOf(events: Array<Record<string, unknown>>): Choice[] {
  return events.flatMap((event) => event.choices as Choice[]);
}

describe('fake vLLM /v1/completions', () => {
  it('frames every event as "data: " and always ends with [DONE]', async () => {
    const fake = await start();
    const raw = await rawHttpRequest(fake.url, '/v1/completions', {
      body: { prompt: 'Hi', max_tokens: 5, stream: true },
    });
    const text = raw.body.toString('utf8');
    expect(raw.status).toBe(200);
    expect(raw.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(raw.headers.server).toBe('uvicorn');
    expect(
      text
        .split('\n\n')
        .filter(Boolean)
        .every((event) => event.startsWith('data: ')),
    ).toBe(true);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('returns as non-streamed text exactly the concatenation of the streamed deltas', async () => {
    const fake = await start();
    for (const seed of [1, 2, 3]) {
      const request = { prompt: 'Once upon a time', max_tokens: 40, seed };
      const streamed = choicesOf(
        parseEvents(
          (await readSse(await postJson(fake.url, '/v1/completions', { ...request, stream: true }))).data,
        ),
      );
      const whole = (await (await postJson(fake.url, '/v1/completions', request)).json()) as {
        choices: Choice[];
      };
      expect(streamed.map((choice) => choice.text).join('')).toBe(whole.choices[0]?.text);
      expect(streamed.at(-1)?.finish_reason).toBe(whole.choices[0]?.finish_reason);
    }
  });

  it('repeats output for the same seed and changes it for another seed', async () => {
    const fake = await start();
    const text = async (seed: number) =>
      (
        (await (
          await postJson(fake.url, '/v1/completions', { prompt: 'x', max_tokens: 30, seed })
        ).json()) as {
          choices: Choice[];
        }
      ).choices[0]?.text;
    expect(await text(11)).toBe(await text(11));
    expect(await text(11)).not.toBe(await text(12));
  });

  it('defaults max_tokens to 16 and reports finish length, or stop at the natural EOS', async () => {
    const fake = await start({ eosAfterTokens: 5 });
    const short = (await (
      await postJson(fake.url, '/v1/completions', { prompt: 'x', ignore_eos: true })
    ).json()) as {
      usage: { completion_tokens: number };
      choices: Choice[];
    };
    expect(short.usage.completion_tokens).toBe(16);
    expect(short.choices[0]?.finish_reason).toBe('length');
    const natural = (await (
      await postJson(fake.url, '/v1/completions', { prompt: 'x', max_tokens: 50 })
    ).json()) as {
      choices: Choice[];
    };
    expect(natural.choices[0]).toMatchObject({ finish_reason: 'stop', stop_reason: null });
  });

  it('honours a stop string with finish stop and the string as stop_reason', async () => {
    const fake = await start({ eosAfterTokens: 0 });
    const full = (await (
      await postJson(fake.url, '/v1/completions', { prompt: 'p', max_tokens: 30 })
    ).json()) as {
      choices: Choice[];
    };
    const fullText = full.choices[0]?.text ?? '';
    const stop = fullText.slice(12, 17);
    const cut = (await (
      await postJson(fake.url, '/v1/completions', { prompt: 'p', max_tokens: 30, stop })
    ).json()) as {
      choices: Choice[];
    };
    expect(cut.choices[0]).toMatchObject({
      finish_reason: 'stop',
      stop_reason: stop,
      text: fullText.slice(0, fullText.indexOf(stop)),
    });
  });

  it('sends a final usage chunk with empty choices before [DONE] when include_usage is set', async () => {
    const fake = await start();
    const { data } = await readSse(
      await postJson(fake.url, '/v1/completions', {
        prompt: 'x',
        max_tokens: 4,
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    expect(data.at(-1)).toBe('[DONE]');
    const usage = JSON.parse(data.at(-2) ?? '{}') as Record<string, unknown>;
    expect(usage.choices).toEqual([]);
    expect(usage.usage).toEqual({ prompt_tokens: 2, total_tokens: 6, completion_tokens: 4 });
    expect(parseEvents(data.slice(0, -2)).every((event) => !('usage' in event))).toBe(true);
  });

  it('sends empty-text chunks after the first token while a character is incomplete, never before', async () => {
    const fake = await start();
    let sawEmpty = false;
    for (let seed = 0; seed < 15 && !sawEmpty; seed += 1) {
      const events = parseEvents(
        (
          await readSse(
            await postJson(fake.url, '/v1/completions', { prompt: 'x', max_tokens: 60, seed, stream: true }),
          )
        ).data,
      );
      const texts = choicesOf(events).map((choice) => choice.text);
      expect(texts[0]).not.toBe('');
      if (texts.slice(0, -1).includes('')) sawEmpty = true;
    }
    expect(sawEmpty).toBe(true);
  });

  it('rejects stream_options without stream with a 400 BadRequestError', async () => {
    const fake = await start();
    const response = await postJson(fake.url, '/v1/completions', {
      prompt: 'x',
      stream_options: { include_usage: true },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        message: 'Stream options can only be defined when `stream=True`.',
        type: 'BadRequestError',
        param: 'stream_options',
        code: 400,
      },
    });
  });

  it('answers an unknown model with 404 NotFoundError but accepts an empty model', async () => {
    const fake = await start();
    const unknown = await postJson(fake.url, '/v1/completions', { model: 'gpt-9', prompt: 'x' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({
      error: { type: 'NotFoundError', param: 'model', code: 404 },
    });
    expect(
      (await postJson(fake.url, '/v1/completions', { model: '', prompt: 'x', max_tokens: 2 })).status,
    ).toBe(200);
  });

  it('uses the flat pre-0.10.1 error body when configured', async () => {
    const fake = await start({ vllm: { errorBodyStyle: 'flat' } });
    const response = await postJson(fake.url, '/v1/completions', { model: 'nope', prompt: 'x' });
    expect(await response.json()).toEqual({
      object: 'error',
      message: 'The model `nope` does not exist.',
      type: 'NotFoundError',
      param: 'model',
      code: 404,
    });
  });

  it('reports a context overflow as 400 with param max_tokens', async () => {
    const fake = await start({ contextLength: 64 });
    const response = await postJson(fake.url, '/v1/completions', { prompt: 'x', max_tokens: 100 });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { param: 'max_tokens', type: 'BadRequestError' } });
  });

  it('sends an error event inside the 200 stream and then [DONE]', async () => {
    const fake = await start({ faults: { errorAfterTokens: 3 } });
    const response = await postJson(fake.url, '/v1/completions', {
      prompt: 'x',
      max_tokens: 10,
      stream: true,
    });
    const { data } = await readSse(response);
    expect(response.status).toBe(200);
    expect(data).toHaveLength(5);
    expect(JSON.parse(data[3] ?? '{}')).toEqual({
      error: { message: 'Internal server error', type: 'InternalServerError', param: null, code: 500 },
    });
    expect(data[4]).toBe('[DONE]');
  });

  it('requires the API key on /v1 routes when configured, and never logs it', async () => {
    const fake = await start({ apiKey: 'sk-secret-123456' });
    expect((await postJson(fake.url, '/v1/completions', { prompt: 'x' })).status).toBe(401);
    const ok = await postJson(
      fake.url,
      '/v1/completions',
      { prompt: 'x', max_tokens: 2 },
      {
        headers: { authorization: 'Bearer sk-secret-123456' },
      },
    );
    expect(ok.status).toBe(200);
    expect(JSON.stringify(fake.requests)).not.toContain('sk-secret-123456');
    expect(fake.requests[1]?.headers.authorization).toBe('[REDACTED]');
    expect((await fetch(`${fake.url}/health`)).status).toBe(200);
  });
});

describe('fake vLLM /v1/chat/completions', () => {
  it('starts with a role chunk, then content deltas equal to the non-streamed message', async () => {
    const fake = await start();
    const request = { messages: [{ role: 'user', content: 'Hello there' }], max_tokens: 25, seed: 5 };
    const events = parseEvents(
      (await readSse(await postJson(fake.url, '/v1/chat/completions', { ...request, stream: true }))).data,
    );
    const choices = choicesOf(events);
    expect(events[0]?.object).toBe('chat.completion.chunk');
    expect(String(events[0]?.id)).toMatch(/^chatcmpl-/);
    expect(choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
    const whole = (await (await postJson(fake.url, '/v1/chat/completions', request)).json()) as {
      choices: Array<{ message: { content: string }; finish_reason: string }>;
    };
    expect(
      choices
        .slice(1)
        .map((choice) => choice.delta?.content)
        .join(''),
    ).toBe(whole.choices[0]?.message.content);
    expect(choices.at(-1)?.finish_reason).toBe('length');
  });
});

describe('fake vLLM side routes', () => {
  it('serves /health, /version and /v1/models with max_model_len and owned_by vllm', async () => {
    const fake = await start({ version: '0.10.2', contextLength: 8192 });
    const health = await fetch(`${fake.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('');
    expect(await (await fetch(`${fake.url}/version`)).json()).toEqual({ version: '0.10.2' });
    const models = (await (await fetch(`${fake.url}/v1/models`)).json()) as {
      data: Array<Record<string, unknown>>;
    };
    expect(models.data[0]).toMatchObject({
      id: fake.model,
      owned_by: 'vllm',
      max_model_len: 8192,
      object: 'model',
    });
  });

  it('answers /health with an empty 503 when unhealthy', async () => {
    const fake = await start({ faults: { unhealthy: true } });
    const response = await fetch(`${fake.url}/health`);
    expect(response.status).toBe(503);
    expect(await response.text()).toBe('');
  });

  it('tokenizes and detokenizes round trip', async () => {
    const fake = await start();
    const tokenized = (await (await postJson(fake.url, '/tokenize', { prompt: 'café 🚀' })).json()) as {
      count: number;
      tokens: number[];
      max_model_len: number;
    };
    expect(tokenized.count).toBe(tokenized.tokens.length);
    expect(tokenized.max_model_len).toBe(4096);
    const detokenized = (await (
      await postJson(fake.url, '/detokenize', { tokens: tokenized.tokens.slice(1) })
    ).json()) as {
      prompt: string;
    };
    expect(detokenized.prompt).toBe('café 🚀');
  });

  it('exposes running/waiting gauges and the KV gauge, with the legacy name on request', async () => {
    const fake = await start({ vllm: { legacyGpuCacheMetric: true } });
    await postJson(fake.url, '/v1/completions', { prompt: 'x', max_tokens: 3 });
    const text = await (await fetch(`${fake.url}/metrics`)).text();
    expect(text).toContain(`vllm:num_requests_running{model_name="${fake.model}",engine="0"} 0`);
    expect(text).toContain('vllm:num_requests_waiting{');
    expect(text).toContain('vllm:kv_cache_usage_perc{');
    expect(text).toContain('vllm:gpu_cache_usage_perc{');
    expect(text).toMatch(/vllm:generation_tokens_total\{[^}]*\} 3/);
    expect(text).toMatch(/vllm:request_success_total\{[^}]*finished_reason="length"[^}]*\} 1/);
  });

  it('answers unknown routes like FastAPI', async () => {
    const fake = await start();
    const response = await fetch(`${fake.url}/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ detail: 'Not Found' });
  });
});
