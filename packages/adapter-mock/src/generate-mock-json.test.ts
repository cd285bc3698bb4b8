import type { StreamEvent, Task } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { generateMockJsonPieces } from './generate-mock-json.js';
import { createMockAdapter } from './mock-adapter.js';

const schema = {
  type: 'object',
  properties: {
    answer: { type: 'boolean' },
    mood: { enum: ['calm', 'busy'] },
    count: { type: 'integer', minimum: 3 },
    tags: { type: 'array', items: { type: 'string', minLength: 6 }, minItems: 2 },
    note: { anyOf: [{ type: 'null' }, { type: 'string' }] },
  },
  required: ['answer', 'mood'],
};

const task: Task = {
  task_id: 'json',
  model: 'mock',
  prompt: 'Reply in JSON',
  max_tokens: 64,
  priority: 'interactive',
  seed: 3,
};

async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

const textOf = (events: StreamEvent[]) =>
  events.flatMap((event) => (event.type === 'token' ? [event.t] : [])).join('');

describe('mock structured output', () => {
  it('writes a document that satisfies the common keywords of the schema, in small pieces', () => {
    const pieces = [...generateMockJsonPieces({ type: 'json_schema', schema }, 3)];
    expect(pieces.length).toBeGreaterThan(5);
    expect(JSON.parse(pieces.join(''))).toEqual({
      answer: false,
      mood: 'busy',
      count: 3,
      tags: ['mockkk', 'mockkk'],
      note: null,
    });
    expect(JSON.parse([...generateMockJsonPieces({ type: 'json_object' }, 1)].join(''))).toEqual({
      mock: true,
    });
  });

  it('streams the document and ends with stop, or is cut by max_tokens', async () => {
    const adapter = createMockAdapter();
    const whole = await collect(
      adapter.submit({ ...task, response_format: { type: 'json_schema', schema } }),
    );
    expect(JSON.parse(textOf(whole))).toMatchObject({ answer: false, mood: 'busy' });
    expect(whole.at(-1)).toMatchObject({ type: 'end', finish_reason: 'stop', finish_reason_raw: 'eos' });
    const cut = await collect(
      adapter.submit({ ...task, max_tokens: 3, response_format: { type: 'json_object' } }),
    );
    expect(cut.at(-1)).toMatchObject({ type: 'end', finish_reason: 'length' });
    expect(() => JSON.parse(textOf(cut))).toThrow();
  });

  it('declares structured output, or refuses it before started when configured without (ORCH-API-021)', async () => {
    expect((await createMockAdapter().properties()).capabilities).toEqual({ structured_output: true });
    const without = createMockAdapter({ structuredOutput: false });
    expect((await without.properties()).capabilities).toEqual({ structured_output: false });
    await expect(
      collect(without.submit({ ...task, response_format: { type: 'json_object' } })),
    ).rejects.toMatchObject({
      code: 'capability_unsupported',
    });
  });
});
