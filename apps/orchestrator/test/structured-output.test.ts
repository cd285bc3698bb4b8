import { checkEventSequence, type EndEvent, type StreamEvent } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { MAX_SCHEMA_BYTES } from '../src/tasks/compile-response-format.js';
import { createTestApp, mockPool, readEvents, textOf } from './test-app.js';

const schema = {
  type: 'object',
  properties: { answer: { type: 'boolean' }, mood: { enum: ['calm', 'busy'] } },
  required: ['answer', 'mood'],
  additionalProperties: false,
};

const endOf = (events: StreamEvent[]) => events.at(-1) as EndEvent;

describe('structured output: the result in end (ORCH-API-023)', () => {
  it('reports valid JSON that satisfies the schema as valid', async () => {
    const { post, logLines } = await createTestApp([mockPool('m', [{}])]);
    const events = await readEvents(
      await post({
        model: 'm',
        prompt: 'JSON please',
        max_tokens: 64,
        task_id: 'so-valid',
        response_format: { type: 'json_schema', schema },
      }),
    );
    expect(checkEventSequence(events)).toEqual([]);
    expect(JSON.parse(textOf(events))).toMatchObject({ mood: expect.any(String) });
    expect(endOf(events)).toMatchObject({
      type: 'end',
      finish_reason: 'stop',
      structured_output: { valid: true },
    });
    expect(endOf(events).structured_output).not.toHaveProperty('errors');
    const logged = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toContainEqual(
      expect.objectContaining({ msg: 'structured output checked', task_id: 'so-valid', valid: true }),
    );
  });

  it('reports text cut by max_tokens as invalid, saying it is not JSON', async () => {
    const { post } = await createTestApp([mockPool('m', [{}])]);
    const events = await readEvents(
      await post({
        model: 'm',
        prompt: 'x',
        max_tokens: 2,
        response_format: { type: 'json_schema', schema },
      }),
    );
    expect(endOf(events)).toMatchObject({ finish_reason: 'length', structured_output: { valid: false } });
    expect(endOf(events).structured_output?.errors?.[0]).toMatch(/^not JSON: /);
  });

  it('reports JSON that breaks the schema as invalid, naming the place and the rule', async () => {
    const { post } = await createTestApp([mockPool('m', [{}])]);
    // The mock writes "mock" for a string and ignores `pattern`: valid JSON that the schema refuses.
    const patterned = {
      type: 'object',
      properties: { code: { type: 'string', pattern: '^[0-9]+$' } },
      required: ['code'],
    };
    const events = await readEvents(
      await post({
        model: 'm',
        prompt: 'x',
        max_tokens: 64,
        response_format: { type: 'json_schema', schema: patterned },
      }),
    );
    expect(JSON.parse(textOf(events))).toEqual({ code: 'mock' });
    expect(endOf(events).structured_output).toEqual({
      valid: false,
      errors: ['/code must match pattern "^[0-9]+$"'],
    });
  });

  it('checks json_object: any JSON object is valid', async () => {
    const { post } = await createTestApp([mockPool('m', [{}])]);
    const events = await readEvents(
      await post({ model: 'm', prompt: 'x', max_tokens: 64, response_format: { type: 'json_object' } }),
    );
    expect(endOf(events).structured_output).toEqual({ valid: true });
  });

  it('adds nothing to the end of a task without response_format', async () => {
    const { post } = await createTestApp([mockPool('m', [{}])]);
    const events = await readEvents(await post({ model: 'm', prompt: 'x', max_tokens: 4 }));
    expect(endOf(events)).not.toHaveProperty('structured_output');
  });
});

describe('structured output refused up front for a pool that cannot do it (ORCH-API-021)', () => {
  it('answers 400 capability_unsupported with the envelope and no stream', async () => {
    const { post, deps } = await createTestApp([
      mockPool('m', [{ structured_output: false }]),
      mockPool('ok', [{}]),
    ]);
    const response = await post({ model: 'm', prompt: 'x', response_format: { type: 'json_object' } });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { error: { code: string; retriable: boolean; message: string } };
    expect(body.error).toMatchObject({ code: 'capability_unsupported', retriable: false });
    expect(body.error.message).toContain('"m-0"');
    // The same pool still serves tasks without response_format; a capable pool serves it.
    expect((await post({ model: 'm', prompt: 'x', max_tokens: 2 })).status).toBe(200);
    const capable = await post({ model: 'ok', prompt: 'x', response_format: { type: 'json_object' } });
    expect(capable.status).toBe(200);
    await readEvents(capable);
    expect(deps.pools[0]?.replicas[0]?.properties?.capabilities).toEqual({ structured_output: false });
  });

  it('refuses when any replica of the pool lacks it, so the answer never depends on the replica', async () => {
    const { post } = await createTestApp([mockPool('m', [{}, { structured_output: false }])]);
    const response = await post({ model: 'm', prompt: 'x', response_format: { type: 'json_object' } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'capability_unsupported',
    );
  });
});

describe('response_format is checked on input (ORCH-API-020)', () => {
  const deep = (levels: number): Record<string, unknown> =>
    levels === 0 ? { type: 'string' } : { type: 'object', properties: { a: deep(levels - 1) } };
  const cases: [string, unknown, RegExp][] = [
    ['a schema that is an array', { type: 'json_schema', schema: [1] }, /response_format/],
    ['a schema that is a string', { type: 'json_schema', schema: '{}' }, /response_format/],
    ['a missing schema', { type: 'json_schema' }, /response_format/],
    ['an unknown type', { type: 'regex', schema: {} }, /response_format/],
    ['an unknown key', { type: 'json_object', schema: {} }, /response_format/],
    ['a bad name', { type: 'json_schema', schema: {}, name: 'a b' }, /response_format\.name/],
    [
      'a schema over the size limit',
      { type: 'json_schema', schema: { description: 'x'.repeat(MAX_SCHEMA_BYTES) } },
      /bytes exceed the limit/,
    ],
    ['a schema nested too deep', { type: 'json_schema', schema: deep(40) }, /nested deeper than/],
    ['a schema Ajv refuses', { type: 'json_schema', schema: { type: 'strnig' } }, /not a valid JSON Schema/],
    [
      'a remote $ref',
      { type: 'json_schema', schema: { $ref: 'https://example.com/schema.json' } },
      /not a valid JSON Schema/,
    ],
  ];

  it.each(cases)('refuses %s with 400 invalid_request naming the field', async (_name, format, message) => {
    const { post } = await createTestApp([mockPool('m', [{}])]);
    const response = await post({ model: 'm', prompt: 'x', response_format: format });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.message).toMatch(message);
  });

  it('accepts a 2020-12 schema and a name', async () => {
    const { post } = await createTestApp([mockPool('m', [{}])]);
    const response = await post({
      model: 'm',
      prompt: 'x',
      max_tokens: 64,
      response_format: {
        type: 'json_schema',
        name: 'verdict',
        schema: { $schema: 'https://json-schema.org/draft/2020-12/schema', ...schema },
      },
    });
    expect(response.status).toBe(200);
    expect(endOf(await readEvents(response)).structured_output).toEqual({ valid: true });
  });
});
