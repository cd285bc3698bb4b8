import { createServer } from 'node:net';
import { checkEventSequence, readTaskStream, type StreamEvent } from '@orch/adapter-api';
import { type RunningLlamaServer, startLlamaServer } from '@orch/engine-testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, readEvents, textOf } from './test-app.js';

/** A port on 127.0.0.1 with nothing listening (connections are refused). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function llamaPool(urls: string[]) {
  return {
    id: 'tiny',
    model: 'tiny',
    engine: 'llamacpp',
    timeouts: { ttft_ms: 10_000, idle_ms: 5_000 },
    replicas: urls.map((url, index) => ({ id: `r${index}`, url })),
  };
}

describe('orchestrator → real llama-server (ORCH-E2E-002, OC-ADAPT-5001)', () => {
  let first: RunningLlamaServer;
  let second: RunningLlamaServer;

  beforeAll(async () => {
    [first, second] = await Promise.all([
      startLlamaServer({ seed: 0, slots: 2 }),
      startLlamaServer({
        seed: 3,
        slots: 1,
        contextSize: 8_192,
        // A wider model decodes slower, so a kill after the first tokens lands mid-stream.
        model: {
          contextLength: 8_192,
          embeddingLength: 512,
          blockCount: 6,
          feedForwardLength: 1_024,
          headCount: 8,
        },
      }),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
  });

  it('streams a task end to end and its text equals a direct non-streamed /completion', async () => {
    const { post, app } = await createTestApp([llamaPool([first.url])]);
    const props = (await (await fetch(`${first.url}/props`)).json()) as { build_info: string };
    const events = await readEvents(
      await post({ model: 'tiny', prompt: 'Once upon a time', max_tokens: 48, seed: 42, temperature: 0.8 }),
    );
    expect(checkEventSequence(events)).toEqual([]);
    expect(events[0]).toMatchObject({
      type: 'started',
      engine: 'llamacpp',
      engine_version: props.build_info,
      seed: 42,
    });
    const direct = (await (
      await fetch(`${first.url}/completion`, {
        method: 'POST',
        body: JSON.stringify({
          prompt: 'Once upon a time',
          n_predict: 48,
          seed: 42,
          temperature: 0.8,
          cache_prompt: false,
          // The sampler profile sp-1 the adapter applies (ORCH-DET-021), so no server default differs.
          top_k: 0,
          top_p: 1,
          min_p: 0,
          typical_p: 1,
          repeat_penalty: 1,
          repeat_last_n: 0,
          presence_penalty: 0,
          frequency_penalty: 0,
          mirostat: 0,
          dynatemp_range: 0,
          xtc_probability: 0,
          dry_multiplier: 0,
          top_n_sigma: -1,
          samplers: ['temperature', 'top_k', 'top_p', 'min_p'],
        }),
      })
    ).json()) as { content: string };
    expect(textOf(events)).toBe(direct.content);
    const end = events.at(-1) as StreamEvent & { tokens_out: number };
    expect(end).toMatchObject({
      type: 'end',
      finish_reason: 'length',
      finish_reason_raw: 'limit',
      tokens_out: 48,
    });

    const replicas = (await (await app.request('/v1/replicas')).json()) as {
      pools: { replicas: { engine_version: string; slots_total: number; health: string }[] }[];
    };
    expect(replicas.pools[0]?.replicas[0]).toMatchObject({
      engine_version: props.build_info,
      slots_total: 2,
      health: 'ready',
    });
    const metrics = await (await app.request('/metrics')).text();
    expect(metrics).toMatch(
      new RegExp(`orch_tokens_out_total\\{[^}]*engine_version="${props.build_info}"[^}]*\\} 48`),
    );
  });

  it('retries onto the healthy replica when the other is down before the first token (ORCH-RES-001)', async () => {
    const downUrl = `http://127.0.0.1:${await closedPort()}`;
    const { post, deps } = await createTestApp([llamaPool([downUrl, first.url])]);
    // Health checks would hide the dead replica; mark it ready to force the first attempt onto it sometimes.
    const dead = deps.pools[0]?.replicas[0];
    if (dead) dead.health = { state: 'ready' };
    let retried = 0;
    // The replica choice is random (power of two choices): send tasks until one met the dead replica first.
    for (let task = 0; task < 40 && retried === 0; task += 1) {
      if (dead) dead.health = { state: 'ready' };
      const events = await readEvents(await post({ model: 'tiny', prompt: 'Hello', max_tokens: 4 }));
      expect(events[0]).toMatchObject({ type: 'started', replica_id: 'r1' });
      expect(events.at(-1)).toMatchObject({ type: 'end' });
      if ((events[0] as { attempt: number }).attempt > 1) retried += 1;
    }
    expect(retried).toBeGreaterThan(0);
  });

  it('cancel frees the engine slot within a second and the in-flight gauge returns to zero (ORCH-RES-040)', async () => {
    const { post, app } = await createTestApp([{ ...llamaPool([second.url]), max_tokens_limit: 100_000 }]);
    const response = await post({
      model: 'tiny',
      prompt: 'Hello',
      max_tokens: 8_000,
      seed: 5,
      task_id: 'cancel-me',
    });
    expect(response.status).toBe(200);
    const events: StreamEvent[] = [];
    let cancelledAt = 0;
    for await (const event of readTaskStream(response.body as ReadableStream<Uint8Array>)) {
      events.push(event);
      if (event.type === 'token' && event.i === 2) {
        expect((await app.request('/v1/tasks/cancel-me/cancel', { method: 'POST' })).status).toBe(202);
        cancelledAt = performance.now();
      }
    }
    expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'cancelled' });
    let busy = true;
    while (busy && performance.now() - cancelledAt < 1_000) {
      const slots = (await (await fetch(`${second.url}/slots`)).json()) as { is_processing: boolean }[];
      busy = slots.some((slot) => slot.is_processing);
      if (busy) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(busy).toBe(false);
    const metrics = await (await app.request('/metrics')).text();
    expect(metrics).toMatch(/orch_tasks_in_flight\{[^}]*replica_id="r0"\} 0/);
    expect(metrics).toMatch(/orch_tasks_cancelled_total\{[^}]*\} 1/);
  }, 30_000);

  it('ends with a clean typed error when the engine dies mid-stream (SIGKILL)', async () => {
    const { post } = await createTestApp([{ ...llamaPool([second.url]), max_tokens_limit: 100_000 }]);
    // A long generation (a large context lets it run for seconds), so the kill lands mid-stream.
    const response = await post({ model: 'tiny', prompt: 'Hello', max_tokens: 8_000, seed: 1 });
    expect(response.status).toBe(200);
    const events: StreamEvent[] = [];
    for await (const event of readTaskStream(response.body as ReadableStream<Uint8Array>)) {
      events.push(event);
      if (event.type === 'token' && event.i === 1) second.kill('SIGKILL');
    }
    expect(checkEventSequence(events)).toEqual([]);
    const last = events.at(-1) as StreamEvent & { tokens_delivered: number };
    expect(last.type).toBe('error');
    expect(['stream_truncated', 'engine_unavailable', 'engine_error']).toContain(
      (last as { code: string }).code,
    );
    expect(last.tokens_delivered).toBe(events.filter((event) => event.type === 'token').length);
  }, 30_000);
});
