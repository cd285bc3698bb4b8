import { type RunningLlamaServer, startLlamaServer } from '@orch/engine-testkit';
import { startFakeEngine } from '@orch/fake-engines';
import { TINY_CHAT_TEMPLATE } from '@orch/tiny-gguf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, readEvents, textOf } from './test-app.js';

const MESSAGES = [
  { role: 'system', content: 'You are terse.' },
  { role: 'user', content: 'Tell me a story about a café.' },
];

function pool(id: string, url: string, chatTemplate: Record<string, unknown>) {
  return {
    id,
    model: id,
    engine: 'llamacpp',
    chat_template: chatTemplate,
    replicas: [{ id: `${id}-r0`, url }],
  };
}

describe('chat templates rendered by the orchestrator (ORCH-DET-070)', () => {
  let server: RunningLlamaServer;

  beforeAll(async () => {
    server = await startLlamaServer({ seed: 0, slots: 1 });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it("gives the same answer as llama-server's own template for the same model template", async () => {
    const { post } = await createTestApp([
      pool('engine', server.url, {}),
      pool('orch', server.url, { render: 'orchestrator', template: TINY_CHAT_TEMPLATE }),
    ]);
    for (const seed of [1, 2, 3]) {
      const task = { messages: MESSAGES, max_tokens: 24, seed, temperature: 0.7 };
      const byEngine = await readEvents(await post({ model: 'engine', ...task }));
      const byOrchestrator = await readEvents(await post({ model: 'orch', ...task }));
      expect(byEngine.at(-1)).toMatchObject({ type: 'end' });
      expect(textOf(byOrchestrator)).toBe(textOf(byEngine));
      expect(textOf(byEngine).length).toBeGreaterThan(0);
    }
  });

  it('sends the rendered text as the prompt, so no engine applies a template of its own', async () => {
    const fake = await startFakeEngine('llamacpp', { defaultSeed: 1 });
    try {
      const { post } = await createTestApp([
        pool('orch', fake.url, { render: 'orchestrator', template: TINY_CHAT_TEMPLATE }),
      ]);
      const events = await readEvents(await post({ model: 'orch', messages: MESSAGES, max_tokens: 4 }));
      expect(events.at(-1)).toMatchObject({ type: 'end' });
      const generation = fake.requests.find((request) => request.path === '/completion');
      expect((generation?.body as { prompt?: unknown } | undefined)?.prompt).toBe(
        '<|im_start|>system\nYou are terse.<|im_end|>\n<|im_start|>user\nTell me a story about a café.<|im_end|>\n<|im_start|>assistant\n',
      );
      expect(fake.requests.some((request) => request.path === '/apply-template')).toBe(false);
    } finally {
      await fake.close();
    }
  });

  it('answers 400 invalid_request before streaming when the template refuses the turns', async () => {
    const { post } = await createTestApp([
      {
        id: 'strictchat',
        model: 'strictchat',
        engine: 'mock',
        chat_template: {
          render: 'orchestrator',
          template:
            "{%- if messages[0]['role'] == 'system' -%}{{ raise_exception('no system turns') }}{%- endif -%}x",
        },
        replicas: [{ id: 'm0' }],
      },
    ]);
    const response = await post({ model: 'strictchat', messages: MESSAGES, max_tokens: 4 });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: 'invalid_request', message: expect.stringContaining('no system turns') },
    });
  });
});
