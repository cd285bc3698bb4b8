import type { StreamEvent, Task } from '@orch/adapter-api';
import { type RunningLlamaServer, startLlamaServer } from '@orch/engine-testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlamaCppAdapter } from './index.js';

// A real llama-server (specs/engines/real-llama-server.md) with a tiny random-weights model: its text is noise, but the
// grammar compiled from `json_schema` (specs/engines/llamacpp.md D.2) still decides which tokens may come, so the text is valid JSON.

const schema = {
  type: 'object',
  properties: {
    answer: { type: 'boolean' },
    mood: { enum: ['calm', 'busy'] },
  },
  required: ['answer', 'mood'],
  additionalProperties: false,
};

const baseTask: Task = {
  task_id: 'json',
  model: 'tiny',
  prompt: 'Reply in JSON:',
  max_tokens: 256,
  priority: 'interactive',
  response_format: { type: 'json_schema', schema },
};

async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

const textOf = (events: StreamEvent[]) =>
  events.flatMap((event) => (event.type === 'token' ? [event.t] : [])).join('');

describe('structured output on a real llama-server (ORCH-API-024)', () => {
  let server: RunningLlamaServer;
  beforeAll(async () => {
    server = await startLlamaServer({ slots: 1 });
  }, 300_000); // the first start may fetch llama-server from the Debian archive (engine-testkit)
  afterAll(async () => {
    await server?.stop();
  });

  it('generates JSON that satisfies the schema, seed after seed, and ends by itself', async () => {
    const adapter = createLlamaCppAdapter({ baseUrl: server.url, model: 'tiny' });
    for (const seed of [1, 2, 3, 4, 5]) {
      const events = await collect(adapter.submit({ ...baseTask, task_id: `json-${seed}`, seed }));
      expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'stop' });
      const value = JSON.parse(textOf(events)) as Record<string, unknown>;
      expect(Object.keys(value).sort()).toEqual(['answer', 'mood']);
      expect(typeof value.answer).toBe('boolean');
      expect(['calm', 'busy']).toContain(value.mood);
    }
  }, 60_000);

  it('generates free text without response_format (control: the grammar is what makes it JSON)', async () => {
    const adapter = createLlamaCppAdapter({ baseUrl: server.url, model: 'tiny' });
    const { response_format: _format, ...plain } = baseTask;
    const text = textOf(
      await collect(adapter.submit({ ...plain, task_id: 'free', seed: 1, max_tokens: 32 })),
    );
    expect(() => JSON.parse(text)).toThrow();
  }, 60_000);
});
