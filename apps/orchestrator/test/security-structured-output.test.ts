import type { EndEvent, StreamEvent } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { countCachedSchemas } from '../src/tasks/compile-response-format.js';
import { createTestApp, mockPool, readEvents } from './test-app.js';

const endOf = (events: StreamEvent[]) => events.at(-1) as EndEvent;

/** A unique valid schema of about `bytes` of JSON text: many small properties. */
function largeSchema(salt: string, bytes: number): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (let i = 0; JSON.stringify(properties).length < bytes; i++) {
    properties[`${salt}_${i}`] = { type: 'string' };
  }
  return { type: 'object', properties };
}

/** The longest pause of the event loop while `work` runs, ms (a 5 ms ticker). */
async function longestStall<T>(work: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 5);
  try {
    const result = await work();
    return { result, stallMs };
  } finally {
    clearInterval(ticker);
  }
}

describe('schema work happens after the model and limits are checked (ORCH-SEC-010)', () => {
  it('compiles nothing for ten unique 31 KB schemas sent to an unknown model: each is a 404', async () => {
    const { post, app } = await createTestApp([mockPool('m', [{}])]);
    const before = countCachedSchemas();
    for (let i = 0; i < 10; i++) {
      const response = await post({
        model: 'no-such-model',
        prompt: 'x',
        response_format: { type: 'json_schema', schema: largeSchema(`flood${i}${Date.now()}`, 31_000) },
      });
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unknown_model');
    }
    // The OpenAI routes share the starter, so the same holds there.
    const openai = await app.request('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'no-such-model',
        messages: [{ role: 'user', content: 'x' }],
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'r', schema: largeSchema(`openai${Date.now()}`, 31_000) },
        },
      }),
    });
    expect(openai.status).toBe(404);
    expect(countCachedSchemas()).toBe(before);
  });

  it('refuses a schema Ajv rejects only for a model that exists, naming the OpenAI field', async () => {
    const { app } = await createTestApp([mockPool('m', [{}])]);
    const chat = (model: string) =>
      app.request('/v1/chat/completions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          model,
          messages: [{ role: 'user', content: 'x' }],
          response_format: { type: 'json_schema', json_schema: { name: 'r', schema: { type: 'nope' } } },
        }),
      });
    expect((await chat('absent')).status).toBe(404);
    const refused = await chat('m');
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { error: { param: string; message: string } };
    expect(body.error.param).toBe('response_format.json_schema.schema');
    expect(body.error.message).toContain('response_format.json_schema.schema');
  });
});

describe('schema size and compile cost are bounded by the config (ORCH-SEC-011)', () => {
  it('refuses a schema over max_schema_nodes and one over max_schema_bytes with a clear 400', async () => {
    const { post } = await createTestApp([mockPool('m', [{}])], {
      structured_output: { max_schema_bytes: 4_000, max_schema_nodes: 50 },
    });
    const tooMany = await post({
      model: 'm',
      prompt: 'x',
      response_format: { type: 'json_schema', schema: largeSchema('nodes', 1_500) },
    });
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as { error: { message: string } }).error.message).toMatch(
      /response_format\.schema: more than 50 subschemas/,
    );
    const tooBig = await post({
      model: 'm',
      prompt: 'x',
      response_format: { type: 'json_schema', schema: { type: 'string', description: 'x'.repeat(5_000) } },
    });
    expect(tooBig.status).toBe(400);
    expect(((await tooBig.json()) as { error: { message: string } }).error.message).toMatch(
      /bytes exceed the limit of 4000/,
    );
  });
});

describe('patterns run in linear time (ORCH-SEC-012)', () => {
  it('validates a catastrophic-backtracking pattern without stalling the event loop', async () => {
    const { post } = await createTestApp([mockPool('m', [{}])]);
    // The mock writes "mockkk…k" (46 characters) for this string; a backtracking engine needs seconds for it.
    const schema = { type: 'string', minLength: 46, pattern: '^mock(k|kk)*!$' };
    const { result: events, stallMs } = await longestStall(async () =>
      readEvents(
        await post({
          model: 'm',
          prompt: 'x',
          max_tokens: 64,
          response_format: { type: 'json_schema', schema },
        }),
      ),
    );
    expect(endOf(events).structured_output).toMatchObject({ valid: false });
    expect(endOf(events).structured_output?.errors?.[0]).toMatch(/must match pattern/);
    // Generous for a loaded 2-core machine; the backtracking engine stalled for 5,400 ms here.
    expect(stallMs).toBeLessThan(250);
  });

  it('refuses a pattern that needs backtracking (a look-ahead) with a 400 naming the schema', async () => {
    const { post } = await createTestApp([mockPool('m', [{}])]);
    const response = await post({
      model: 'm',
      prompt: 'x',
      response_format: { type: 'json_schema', schema: { type: 'string', pattern: '^(?=a)a$' } },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /response_format\.schema: not a valid JSON Schema/,
    );
  });
});

describe('a schema $id stays with its request (ORCH-SEC-014)', () => {
  it('checks two requests with the same $id and different schemas each against its own', async () => {
    const { post } = await createTestApp([mockPool('m', [{}])]);
    const run = async (schema: Record<string, unknown>) => {
      const response = await post({
        model: 'm',
        prompt: 'x',
        max_tokens: 64,
        response_format: { type: 'json_schema', schema },
      });
      expect(response.status).toBe(200);
      return endOf(await readEvents(response)).structured_output;
    };
    const id = `urn:test:shared-${Date.now()}`;
    expect(await run({ $id: id, type: 'string' })).toEqual({ valid: true });
    // Same $id, another schema: the mock's "mock" is too short for it.
    expect(await run({ $id: id, type: 'string', minLength: 2, maxLength: 3 })).toMatchObject({
      valid: false,
    });
    expect(await run({ $id: id, type: 'string', minLength: 2 })).toEqual({ valid: true });
  });
});
