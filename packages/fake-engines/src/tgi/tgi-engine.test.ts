import { afterEach, describe, expect, it } from 'vitest';
import type { FakeEngine } from '../fake-engine.js';
import type { FakeEngineOptions } from '../fake-engine-options.js';
import { startFakeEngine } from '../start-fake-engine.js';
import { parseEvents, postJson, readSse } from '../testing/http-test-helpers.js';
import { rawHttpRequest } from '../testing/raw-http-request.js';

let engine: FakeEngine | null = null;

async function start(options: FakeEngineOptions = {}): Promise<FakeEngine> {
  engine = await startFakeEngine('tgi', { defaultSeed: 3, ...options });
  return engine;
}

afterEach(async () => {
  await engine?.close();
  engine = null;
});

type TgiEvent = {
  index: number;
  token: { id: number; text: string; special: boolean };
  generated_text: string | null;
  details: Record<string, unknown> | null;
};

describe('fake TGI /generate_stream', () => {
  it('writes "data:" without a space, counts index from 1 and sends no [DONE]', async () => {
    const fake = await start();
    const raw = await rawHttpRequest(fake.url, '/generate_stream', {
      body: { inputs: 'Hello', parameters: { max_new_tokens: 4 } },
    });
    const text = raw.body.toString('utf8');
    expect(raw.status).toBe(200);
    expect(raw.headers['x-accel-buffering']).toBe('no');
    const events = text.split('\n\n').filter(Boolean);
    expect(events).toHaveLength(4);
    expect(events.every((event) => event.startsWith('data:{'))).toBe(true);
    expect(text).not.toContain('[DONE]');
    const parsed = events.map((event) => JSON.parse(event.slice('data:'.length)) as TgiEvent);
    expect(parsed.map((event) => event.index)).toEqual([1, 2, 3, 4]);
    expect(
      parsed.slice(0, -1).every((event) => event.generated_text === null && event.details === null),
    ).toBe(true);
  });

  it('puts generated_text on the last event and details only when parameters.details is true', async () => {
    const fake = await start();
    const request = { inputs: 'Hello', parameters: { max_new_tokens: 6, do_sample: true, seed: 9 } };
    const plain = parseEvents(
      (await readSse(await postJson(fake.url, '/generate_stream', request))).data,
    ) as TgiEvent[];
    expect(plain.at(-1)?.details).toBeNull();
    const detailed = parseEvents(
      (
        await readSse(
          await postJson(fake.url, '/generate_stream', {
            ...request,
            parameters: { ...request.parameters, details: true },
          }),
        )
      ).data,
    ) as TgiEvent[];
    expect(detailed.at(-1)?.details).toEqual({
      finish_reason: 'length',
      generated_tokens: 6,
      seed: 9,
      input_length: 6,
    });
    expect(detailed.at(-1)?.generated_text).toBe(detailed.map((event) => event.token.text).join(''));
  });

  it('matches /generate: streamed token texts concatenate to generated_text', async () => {
    const fake = await start();
    for (const seed of [1, 2, 3]) {
      const request = {
        inputs: 'Story:',
        parameters: { max_new_tokens: 40, do_sample: true, seed, details: true },
      };
      const streamed = parseEvents(
        (await readSse(await postJson(fake.url, '/generate_stream', request))).data,
      ) as TgiEvent[];
      const whole = (await (await postJson(fake.url, '/generate', request)).json()) as {
        generated_text: string;
        details: { finish_reason: string; seed: number };
      };
      const text = streamed
        .filter((event) => !event.token.special)
        .map((event) => event.token.text)
        .join('');
      expect(text).toBe(whole.generated_text);
      expect(whole.details.seed).toBe(seed);
    }
  });

  it('ends with the special EOS token and finish_reason eos_token at the natural length', async () => {
    const fake = await start({ eosAfterTokens: 4 });
    const events = parseEvents(
      (
        await readSse(
          await postJson(fake.url, '/generate_stream', { inputs: 'x', parameters: { details: true } }),
        )
      ).data,
    ) as TgiEvent[];
    expect(events.at(-1)?.token).toMatchObject({ id: 2, text: '</s>', special: true });
    expect(events.at(-1)?.details).toMatchObject({ finish_reason: 'eos_token' });
  });

  it('reports stop_sequence and keeps the stop sequence in the text', async () => {
    const fake = await start({ eosAfterTokens: 0 });
    const request = { inputs: 'x', parameters: { max_new_tokens: 30, details: true } };
    const full = (
      (await (await postJson(fake.url, '/generate', request)).json()) as { generated_text: string }
    ).generated_text;
    const stop = full.slice(8, 13);
    const cut = (await (
      await postJson(fake.url, '/generate', {
        ...request,
        parameters: { ...request.parameters, stop: [stop] },
      })
    ).json()) as { generated_text: string; details: { finish_reason: string } };
    expect(cut.details.finish_reason).toBe('stop_sequence');
    expect(cut.generated_text).toBe(full.slice(0, full.indexOf(stop) + stop.length));
  });

  it('sends token.text "" while a multi-byte character is incomplete', async () => {
    const fake = await start();
    let found = false;
    for (let seed = 0; seed < 20 && !found; seed += 1) {
      const events = parseEvents(
        (
          await readSse(
            await postJson(fake.url, '/generate_stream', {
              inputs: 'x',
              parameters: { max_new_tokens: 60, do_sample: true, seed },
            }),
          )
        ).data,
      ) as TgiEvent[];
      const emptyIndex = events.findIndex((event) => event.token.text === '' && !event.token.special);
      if (emptyIndex >= 0) {
        found = true;
        const completing = events.slice(emptyIndex).find((event) => event.token.text !== '');
        expect(completing?.token.text).toMatch(/[\u0080-\uffff]/);
      }
    }
    expect(found).toBe(true);
  });

  it('ignores the seed when greedy (explicit parameters without do_sample) and reports seed null', async () => {
    const fake = await start();
    const run = async (seed: number) =>
      (await (
        await postJson(fake.url, '/generate', {
          inputs: 'x',
          parameters: { seed, max_new_tokens: 12, details: true },
        })
      ).json()) as {
        generated_text: string;
        details: { seed: number | null };
      };
    const first = await run(1);
    expect(first.details.seed).toBeNull();
    expect((await run(2)).generated_text).toBe(first.generated_text);
  });

  it('sends validation errors (top_p 1.0, max_new_tokens 0) inside a 200 stream', async () => {
    const fake = await start();
    for (const [parameters, message] of [
      [{ top_p: 1.0 }, 'Input validation error: `top_p` must be > 0.0 and < 1.0'],
      [{ max_new_tokens: 0 }, 'Input validation error: `max_new_tokens` must be strictly positive'],
    ] as const) {
      const raw = await rawHttpRequest(fake.url, '/generate_stream', { body: { inputs: 'x', parameters } });
      expect(raw.status).toBe(200);
      expect(raw.body.toString('utf8')).toBe(
        `data:${JSON.stringify({ error: message, error_type: 'validation' })}\n\n`,
      );
    }
  });

  it('answers /generate validation errors with 422', async () => {
    const fake = await start();
    const response = await postJson(fake.url, '/generate', { inputs: '', parameters: {} });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      error: 'Input validation error: `inputs` cannot be empty',
      error_type: 'validation',
    });
  });

  it('rejects a body without JSON content type the way axum does (415 plain text)', async () => {
    const fake = await start();
    const response = await fetch(`${fake.url}/generate`, {
      method: 'POST',
      body: JSON.stringify({ inputs: 'x' }),
    });
    expect(response.status).toBe(415);
    expect(await response.text()).toContain('Content-Type: application/json');
  });

  it('sends an overload (httpStatus 429) inside a 200 stream but as 429 on /generate', async () => {
    const fake = await start({ faults: { httpStatus: 429 } });
    const raw = await rawHttpRequest(fake.url, '/generate_stream', { body: { inputs: 'x' } });
    expect(raw.status).toBe(200);
    expect(raw.body.toString('utf8')).toBe(
      'data:{"error":"Model is overloaded","error_type":"overloaded"}\n\n',
    );
    const response = await postJson(fake.url, '/generate', { inputs: 'x' });
    expect(response.status).toBe(429);
  });

  it('writes keep-alive comments while the stream stalls', async () => {
    const fake = await start({ faults: { stallAfterTokens: 1, stallMs: 120, keepAliveEveryMs: 20 } });
    const raw = await rawHttpRequest(fake.url, '/generate_stream', {
      body: { inputs: 'x', parameters: { max_new_tokens: 3 } },
    });
    expect(raw.body.toString('utf8')).toContain('\n\n:\n\n');
  });
});

describe('fake TGI side routes', () => {
  it('serves /info with max_input_tokens and without model_dtype', async () => {
    const fake = await start({ contextLength: 2048 });
    const info = (await (await fetch(`${fake.url}/info`)).json()) as Record<string, unknown>;
    expect(info).toMatchObject({
      model_id: fake.model,
      max_input_tokens: 1024,
      max_total_tokens: 2048,
      version: '3.3.6',
    });
    expect(info).not.toHaveProperty('model_dtype');
  });

  it('serves the pre-2.1 /info shape when legacyInfo is set', async () => {
    const fake = await start({ tgi: { legacyInfo: true } });
    const info = (await (await fetch(`${fake.url}/info`)).json()) as Record<string, unknown>;
    expect(info).toHaveProperty('max_input_length');
    expect(info).toHaveProperty('model_dtype');
    expect(info).not.toHaveProperty('max_input_tokens');
  });

  it('answers /health with 200 empty, or 503 healthcheck JSON when unhealthy', async () => {
    const fake = await start();
    expect((await fetch(`${fake.url}/health`)).status).toBe(200);
    await fake.setFaults({ unhealthy: true });
    const response = await fetch(`${fake.url}/health`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: 'unhealthy', error_type: 'healthcheck' });
  });

  it('returns /tokenize as a bare array with offsets', async () => {
    const fake = await start();
    const tokens = (await (
      await postJson(fake.url, '/tokenize', { inputs: ' the model' })
    ).json()) as unknown[];
    expect(tokens).toEqual([
      { id: 1, text: '<s>', start: 0, stop: 0 },
      expect.objectContaining({ text: ' the', start: 0, stop: 4 }),
      expect.objectContaining({ text: ' model', start: 4, stop: 10 }),
    ]);
  });

  it('serves /v1/models and /metrics with tgi_ names', async () => {
    const fake = await start();
    const models = (await (await fetch(`${fake.url}/v1/models`)).json()) as { data: unknown[] };
    expect(models.data).toEqual([{ id: fake.model, object: 'model', created: 0, owned_by: fake.model }]);
    await postJson(fake.url, '/generate', { inputs: 'x', parameters: { max_new_tokens: 2 } });
    const metrics = await (await fetch(`${fake.url}/metrics`)).text();
    expect(metrics).toContain('tgi_queue_size 0');
    expect(metrics).toContain('tgi_request_success 1');
    expect(metrics).toContain('tgi_request_failure{err="validation"} 0');
    expect(metrics).toContain('tgi_batch_current_size 0');
  });
});
