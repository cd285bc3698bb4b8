import { afterEach, describe, expect, it } from 'vitest';
import type { FakeEngine } from '../fake-engine.js';
import type { FakeEngineOptions } from '../fake-engine-options.js';
import { startFakeEngine } from '../start-fake-engine.js';
import { postJson, readNdjson } from '../testing/http-test-helpers.js';
import { rawHttpRequest } from '../testing/raw-http-request.js';

let engine: FakeEngine | null = null;

async function start(options: FakeEngineOptions = {}): Promise<FakeEngine> {
  engine = await startFakeEngine('ollama', { defaultSeed: 2, ...options });
  return engine;
}

afterEach(async () => {
  await engine?.close();
  engine = null;
});

const MODEL = 'llama3.2:1b';

describe('fake Ollama /api/generate', () => {
  it('streams NDJSON lines and ends with a done line carrying durations, counts and context', async () => {
    const fake = await start();
    const response = await postJson(fake.url, '/api/generate', {
      model: MODEL,
      prompt: 'Hi',
      options: { num_predict: 5 },
    });
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = await readNdjson(response);
    const done = lines.at(-1) ?? {};
    expect(lines.slice(0, -1).every((line) => line.done === false && typeof line.response === 'string')).toBe(
      true,
    );
    expect(done).toMatchObject({
      model: MODEL,
      response: '',
      done: true,
      done_reason: 'length',
      eval_count: 5,
    });
    for (const key of ['total_duration', 'load_duration', 'prompt_eval_duration', 'eval_duration']) {
      expect(Number.isInteger(done[key])).toBe(true);
    }
    expect(done.prompt_eval_count).toBe(3);
    expect(Array.isArray(done.context)).toBe(true);
    expect(String(done.created_at)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
  });

  it('returns as non-streamed response exactly the streamed text, with done_reason stop at EOS', async () => {
    const fake = await start({ eosAfterTokens: 12 });
    for (const seed of [1, 2, 3]) {
      const request = { model: MODEL, prompt: 'Tell me', options: { seed, num_predict: 100 } };
      const lines = await readNdjson(await postJson(fake.url, '/api/generate', request));
      const whole = (await (
        await postJson(fake.url, '/api/generate', { ...request, stream: false })
      ).json()) as Record<string, unknown>;
      expect(lines.map((line) => line.response).join('')).toBe(whole.response);
      expect(whole.done_reason).toBe('stop');
    }
  });

  it('honours stop strings without including them', async () => {
    const fake = await start({ eosAfterTokens: 0 });
    const request = { model: MODEL, prompt: 'x', stream: false, options: { num_predict: 30 } };
    const full = ((await (await postJson(fake.url, '/api/generate', request)).json()) as { response: string })
      .response;
    const stop = full.slice(10, 15);
    const cut = (await (
      await postJson(fake.url, '/api/generate', { ...request, options: { ...request.options, stop: [stop] } })
    ).json()) as { response: string; done_reason: string };
    expect(cut).toMatchObject({ response: full.slice(0, full.indexOf(stop)), done_reason: 'stop' });
  });

  it('answers an unknown model with 404 before streaming', async () => {
    const fake = await start();
    const response = await postJson(fake.url, '/api/generate', { model: 'mistral', prompt: 'x' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'model "mistral" not found, try pulling it first' });
  });

  it('sends an error line inside the stream and ends it', async () => {
    const fake = await start({ faults: { errorAfterTokens: 2, errorMessage: 'boom' } });
    const lines = await readNdjson(
      await postJson(fake.url, '/api/generate', { model: MODEL, prompt: 'x', options: { num_predict: 9 } }),
    );
    expect(lines).toHaveLength(3);
    expect(lines[2]).toEqual({ error: 'boom' });
  });

  it('escapes <, > and & like Go', async () => {
    const fake = await start();
    const show = await rawHttpRequest(fake.url, '/api/show', { body: { model: MODEL } });
    expect(show.body.toString('utf8')).toContain('\\u003c/s\\u003e');
  });

  it('answers an empty prompt with done_reason load, and unload with keep_alive 0', async () => {
    const fake = await start();
    const load = (await (await postJson(fake.url, '/api/generate', { model: MODEL })).json()) as Record<
      string,
      unknown
    >;
    expect(load).toMatchObject({ done: true, done_reason: 'load', response: '' });
    const unload = (await (
      await postJson(fake.url, '/api/generate', { model: MODEL, keep_alive: 0 })
    ).json()) as Record<string, unknown>;
    expect(unload.done_reason).toBe('unload');
    expect(((await (await fetch(`${fake.url}/api/ps`)).json()) as { models: unknown[] }).models).toEqual([]);
  });

  it('makes the first request after loadingForMs slow, not failed, and reports load_duration', async () => {
    const fake = await start({ faults: { loadingForMs: 120 } });
    expect(((await (await fetch(`${fake.url}/api/ps`)).json()) as { models: unknown[] }).models).toEqual([]);
    const first = (await (
      await postJson(fake.url, '/api/generate', {
        model: MODEL,
        prompt: 'x',
        stream: false,
        options: { num_predict: 2 },
      })
    ).json()) as { load_duration: number };
    expect(first.load_duration).toBeGreaterThanOrEqual(100e6);
    const second = (await (
      await postJson(fake.url, '/api/generate', {
        model: MODEL,
        prompt: 'x',
        stream: false,
        options: { num_predict: 2 },
      })
    ).json()) as { load_duration: number };
    expect(second.load_duration).toBe(0);
  });
});

describe('fake Ollama /api/chat', () => {
  it('streams message deltas and ends with done_reason and no context', async () => {
    const fake = await start();
    const request = {
      model: MODEL,
      messages: [{ role: 'user', content: 'hi' }],
      options: { num_predict: 6 },
    };
    const lines = await readNdjson(await postJson(fake.url, '/api/chat', request));
    const done = lines.at(-1) ?? {};
    expect(done).toMatchObject({
      done: true,
      done_reason: 'length',
      message: { role: 'assistant', content: '' },
    });
    expect(done).not.toHaveProperty('context');
    const text = lines
      .slice(0, -1)
      .map((line) => (line.message as { content: string }).content)
      .join('');
    const whole = (await (await postJson(fake.url, '/api/chat', { ...request, stream: false })).json()) as {
      message: { content: string };
    };
    expect(text).toBe(whole.message.content);
  });
});

describe('fake Ollama side routes', () => {
  it('answers GET / with "Ollama is running"', async () => {
    const fake = await start();
    expect(await (await fetch(`${fake.url}/`)).text()).toBe('Ollama is running');
  });

  it('serves /api/version, /api/tags with a sha256 digest, /api/show and /api/ps', async () => {
    const fake = await start({ version: '0.9.0' });
    expect(await (await fetch(`${fake.url}/api/version`)).json()).toEqual({ version: '0.9.0' });
    const tags = (await (await fetch(`${fake.url}/api/tags`)).json()) as {
      models: Array<Record<string, unknown>>;
    };
    expect(tags.models[0]).toMatchObject({ name: MODEL, details: { format: 'gguf', family: 'llama' } });
    expect(String(tags.models[0]?.digest)).toMatch(/^[0-9a-f]{64}$/);
    const show = (await (await postJson(fake.url, '/api/show', { model: MODEL })).json()) as Record<
      string,
      unknown
    >;
    expect(show).toHaveProperty('modelfile');
    expect(show).toHaveProperty('model_info');
    expect((await postJson(fake.url, '/api/show', { model: 'other' })).status).toBe(404);
    const ps = (await (await fetch(`${fake.url}/api/ps`)).json()) as {
      models: Array<Record<string, unknown>>;
    };
    expect(ps.models[0]).toMatchObject({ name: MODEL, digest: tags.models[0]?.digest });
    expect(ps.models[0]).toHaveProperty('expires_at');
    expect(ps.models[0]).toHaveProperty('size_vram');
  });

  it("answers unknown routes with gin's plain 404", async () => {
    const fake = await start();
    const response = await fetch(`${fake.url}/api/nope`);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('404 page not found');
  });
});
