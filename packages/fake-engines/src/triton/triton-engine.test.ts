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
  engine = await startFakeEngine('triton', { defaultSeed: 5, ...options });
  return engine;
}

afterEach(async () => {
  await engine?.close();
  engine = null;
});

const STREAM = '/v2/models/ensemble/generate_stream';
const GENERATE = '/v2/models/ensemble/generate';

async function streamTexts(fake: FakeEngine, body: Record<string, unknown>): Promise<string[]> {
  const events = parseEvents(
    (await readSse(await postJson(fake.url, STREAM, { stream: true, ...body }))).data,
  );
  return events.map((event) => event.text_output as string);
}

describe('fake Triton generate_stream', () => {
  it('writes "data: " events with alphabetical keys and float outputs, and no [DONE]', async () => {
    const fake = await start();
    const raw = await rawHttpRequest(fake.url, STREAM, {
      body: { text_input: 'Hi', max_tokens: 3, stream: true, id: 'req-1' },
    });
    const text = raw.body.toString('utf8');
    expect(raw.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(text).not.toContain('[DONE]');
    const events = text.split('\n\n').filter(Boolean);
    expect(events).toHaveLength(3);
    for (const event of events) {
      expect(event.startsWith('data: {"batch_index":0,"context_logits":0.0,"cum_log_probs":0.0')).toBe(true);
      const keys = Object.keys(JSON.parse(event.slice(6)) as object);
      expect(keys).toEqual([...keys].sort());
      expect(keys).toContain('model_name');
      expect(JSON.parse(event.slice(6))).toMatchObject({
        id: 'req-1',
        model_name: 'ensemble',
        model_version: '1',
      });
    }
  });

  it('streams text that concatenates to the non-streamed output when the input is excluded', async () => {
    const fake = await start();
    const body = { text_input: 'What is ML?', max_tokens: 30, random_seed: 4, exclude_input_in_output: true };
    const streamed = (await streamTexts(fake, body)).join('');
    const whole = (await (await postJson(fake.url, GENERATE, body)).json()) as { text_output: string };
    expect(streamed).toBe(whole.text_output);
  });

  it('echoes the prompt in the non-streamed output by default (exclude_input_in_output false)', async () => {
    const fake = await start();
    const whole = (await (
      await postJson(fake.url, GENERATE, { text_input: 'What is ML?', max_tokens: 5 })
    ).json()) as {
      text_output: string;
    };
    expect(whole.text_output.startsWith('What is ML?')).toBe(true);
  });

  it('uses random_seed by default and treats seed as an ignored parameter', async () => {
    const fake = await start();
    const body = { text_input: 'x', max_tokens: 20, exclude_input_in_output: true };
    const a = (await streamTexts(fake, { ...body, random_seed: 1 })).join('');
    expect((await streamTexts(fake, { ...body, random_seed: 1 })).join('')).toBe(a);
    expect((await streamTexts(fake, { ...body, random_seed: 2 })).join('')).not.toBe(a);
    const defaultSeed = (await streamTexts(fake, body)).join('');
    expect((await streamTexts(fake, { ...body, seed: 1 })).join('')).toBe(defaultSeed);
  });

  it('uses seed (not random_seed) when configured, and its config lists that input', async () => {
    const fake = await start({ triton: { seedInputName: 'seed' } });
    const body = { text_input: 'x', max_tokens: 20 };
    const defaultSeed = (await streamTexts(fake, body)).join('');
    expect((await streamTexts(fake, { ...body, random_seed: 9 })).join('')).toBe(defaultSeed);
    expect((await streamTexts(fake, { ...body, parameters: { seed: 9 } })).join('')).not.toBe(defaultSeed);
    const config = (await (await fetch(`${fake.url}/v2/models/ensemble/config`)).json()) as {
      input: Array<{ name: string }>;
    };
    const names = config.input.map((input) => input.name);
    expect(names).toContain('seed');
    expect(names).not.toContain('random_seed');
  });

  it('loses leading spaces per streamed token when dropLeadingSpaces is on, but not in /generate', async () => {
    const fake = await start({ triton: { dropLeadingSpaces: true } });
    const body = { text_input: 'x', max_tokens: 20, exclude_input_in_output: true };
    const texts = await streamTexts(fake, body);
    expect(texts.some((text) => text.startsWith(' '))).toBe(false);
    const whole = (await (await postJson(fake.url, GENERATE, body)).json()) as { text_output: string };
    expect(whole.text_output).toContain(' ');
  });

  it('streams "\ufffd" for tokens holding part of a character when replacementChars is on', async () => {
    const fake = await start({ triton: { replacementChars: true } });
    let found = false;
    for (let seed = 0; seed < 20 && !found; seed += 1) {
      const texts = await streamTexts(fake, { text_input: 'x', max_tokens: 60, random_seed: seed });
      found = texts.some((text) => text.includes('\ufffd'));
    }
    expect(found).toBe(true);
  });

  it('sends a mid-stream error as data: {"error":…} and ends without [DONE]', async () => {
    const fake = await start({ faults: { errorAfterTokens: 2 } });
    const raw = await rawHttpRequest(fake.url, STREAM, {
      body: { text_input: 'x', max_tokens: 10, stream: true },
    });
    expect(raw.status).toBe(200);
    const events = raw.body.toString('utf8').split('\n\n').filter(Boolean);
    expect(events).toHaveLength(3);
    expect(JSON.parse(events[2]?.slice(6) ?? '{}')).toEqual({
      error: 'Executor failed process requestId 1 due to the following error: injected failure',
    });
  });

  it('rejects /generate with stream true, and a missing max_tokens, with 400 error JSON', async () => {
    const fake = await start();
    const streamed = await postJson(fake.url, GENERATE, { text_input: 'x', max_tokens: 3, stream: true });
    expect(streamed.status).toBe(400);
    expect(((await streamed.json()) as { error: string }).error).toContain('use generate stream');
    const missing = await postJson(fake.url, GENERATE, { text_input: 'x' });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: string }).error).toContain(
      "missing required input(s) ['max_tokens']",
    );
  });

  it('answers an unknown model with 400 by default or 404 when configured', async () => {
    const fake = await start();
    const response = await postJson(fake.url, '/v2/models/nope/generate', { text_input: 'x', max_tokens: 1 });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "Request for unknown model: 'nope' is not found" });
    await fake.close();
    const strict = await start({ triton: { unknownModelStatus: 404 } });
    expect(
      (await postJson(strict.url, '/v2/models/nope/generate', { text_input: 'x', max_tokens: 1 })).status,
    ).toBe(404);
  });
});

describe('fake Triton health and metadata', () => {
  it('serves /v2 without listing generate', async () => {
    const fake = await start({ version: '2.53.0' });
    const metadata = (await (await fetch(`${fake.url}/v2`)).json()) as {
      name: string;
      version: string;
      extensions: string[];
    };
    expect(metadata).toMatchObject({ name: 'triton', version: '2.53.0' });
    expect(metadata.extensions).not.toContain('generate');
  });

  it('answers health and model readiness with 400 (not 503) while loading, 200 after', async () => {
    const fake = await start({ faults: { loadingForMs: 1_500 } });
    expect((await fetch(`${fake.url}/v2/health/live`)).status).toBe(200);
    expect((await fetch(`${fake.url}/v2/health/ready`)).status).toBe(400);
    const modelReady = await fetch(`${fake.url}/v2/models/ensemble/ready`);
    expect(modelReady.status).toBe(400);
    expect(await modelReady.json()).toEqual({ error: 'Model version not ready' });
    expect((await postJson(fake.url, GENERATE, { text_input: 'x', max_tokens: 1 })).status).toBe(400);
    expect(await eventually(async () => (await fetch(`${fake.url}/v2/health/ready`)).status === 200)).toBe(
      true,
    );
    expect((await fetch(`${fake.url}/v2/models/ensemble/ready`)).status).toBe(200);
  });

  it('reports the tensorrtllm backend in the tensorrt_llm config', async () => {
    const fake = await start();
    const config = (await (await fetch(`${fake.url}/v2/models/tensorrt_llm/config`)).json()) as Record<
      string,
      unknown
    >;
    expect(config).toMatchObject({
      name: 'tensorrt_llm',
      backend: 'tensorrtllm',
      model_transaction_policy: { decoupled: true },
    });
  });

  it('answers unknown routes with 404 {"error":"Not Found"}', async () => {
    const fake = await start();
    const response = await fetch(`${fake.url}/v3`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'Not Found' });
  });

  it('exposes nv_inference and nv_trt_llm metrics, counting a cancel as CANCELED', async () => {
    const fake = await start({ tokensPerSecond: 200 });
    const controller = new AbortController();
    const response = await postJson(
      fake.url,
      STREAM,
      { text_input: 'x', max_tokens: 100, stream: true },
      { signal: controller.signal },
    );
    const reader = response.body?.getReader();
    await reader?.read();
    controller.abort();
    await fake.whenIdle();
    const text = await (await fetch(`${fake.url}/metrics`)).text();
    expect(text).toContain('nv_inference_request_failure{model="ensemble",reason="CANCELED",version="1"} 1');
    expect(text).toContain(
      'nv_trt_llm_request_metrics{model="tensorrt_llm",request_type="active",version="1"} 0',
    );
    expect(text).toContain('nv_trt_llm_kv_cache_block_metrics{');
  });
});
