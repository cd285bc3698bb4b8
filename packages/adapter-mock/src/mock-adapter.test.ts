import { checkEventSequence, type StreamEvent, type Task } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import golden from './__fixtures__/seed-7-hello.json' with { type: 'json' };
import { createMockAdapter } from './mock-adapter.js';

const baseTask: Task = {
  task_id: 'task-1',
  model: 'mock',
  prompt: 'Hello',
  max_tokens: 12,
  priority: 'interactive',
  seed: 7,
};

async function collect(iterable: AsyncIterable<StreamEvent>, onEvent?: (event: StreamEvent) => void) {
  const events: StreamEvent[] = [];
  for await (const event of iterable) {
    events.push(event);
    onEvent?.(event);
  }
  return events;
}

const textOf = (events: StreamEvent[]) =>
  events.map((event) => (event.type === 'token' ? event.t : '')).join('');

describe('mock adapter', () => {
  it('streams started, tokens and one end, in contract order', async () => {
    const events = await collect(createMockAdapter().submit(baseTask));
    expect(checkEventSequence(events)).toEqual([]);
    expect(events[0]).toMatchObject({ type: 'started', engine: 'mock', seed: 7, task_id: 'task-1' });
    expect(events.at(-1)).toMatchObject({
      type: 'end',
      finish_reason: 'length',
      finish_reason_raw: 'limit',
      tokens_out: 12,
    });
  });

  it('is deterministic: the golden text for seed 7 and prompt "Hello" never changes', async () => {
    const events = await collect(createMockAdapter().submit(baseTask));
    expect(textOf(events)).toBe(golden.text);
  });

  it('gives different text for a different seed', async () => {
    const other = await collect(createMockAdapter().submit({ ...baseTask, seed: 8 }));
    expect(textOf(other)).not.toBe(golden.text);
  });

  it('ends with stop/eos at its natural length before max_tokens', async () => {
    const events = await collect(createMockAdapter({ naturalLength: 3 }).submit(baseTask));
    expect(events.filter((event) => event.type === 'token')).toHaveLength(3);
    expect(events.at(-1)).toMatchObject({ finish_reason: 'stop', finish_reason_raw: 'eos' });
  });

  it('honours stop strings without leaking any part of them', async () => {
    const full = textOf(await collect(createMockAdapter().submit({ ...baseTask, max_tokens: 40 })));
    const stop = full.slice(20, 26);
    const events = await collect(createMockAdapter().submit({ ...baseTask, max_tokens: 40, stop: [stop] }));
    expect(textOf(events)).toBe(full.slice(0, full.indexOf(stop)));
    expect(events.at(-1)).toMatchObject({ finish_reason: 'stop', finish_reason_raw: 'word' });
  });

  it('stops yielding tokens once cancelled and ends with finish_reason cancelled', async () => {
    const adapter = createMockAdapter({ tokensPerSecond: 200 });
    let tokensAtCancel = -1;
    const events = await collect(adapter.submit({ ...baseTask, max_tokens: 1000 }), (event) => {
      if (event.type === 'token' && event.i === 2) {
        tokensAtCancel = 3;
        void adapter.cancel('task-1');
      }
    });
    expect(events.filter((event) => event.type === 'token')).toHaveLength(tokensAtCancel);
    expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'cancelled' });
    expect(adapter.activeTasks).toBe(0);
  });

  it('rejects before started for fail_before_start and down', async () => {
    await expect(
      collect(createMockAdapter({ fault: { mode: 'fail_before_start' } }).submit(baseTask)),
    ).rejects.toMatchObject({
      code: 'engine_unavailable',
    });
    const down = createMockAdapter({ fault: { mode: 'down' } });
    await expect(collect(down.submit(baseTask))).rejects.toMatchObject({ code: 'engine_unavailable' });
    expect((await down.health()).state).toBe('down');
  });

  it('ends with a typed error event after N tokens for fail_after', async () => {
    const events = await collect(
      createMockAdapter({ fault: { mode: 'fail_after', afterTokens: 2 } }).submit(baseTask),
    );
    expect(checkEventSequence(events)).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'engine_error', tokens_delivered: 2 });
  });

  it('closes without a terminal event for close_without_terminal (to test the guards above it)', async () => {
    const events = await collect(
      createMockAdapter({ fault: { mode: 'close_without_terminal', afterTokens: 1 } }).submit(baseTask),
    );
    expect(checkEventSequence(events)).toContain('the stream has no terminal event ("end" or "error")');
  });

  it('stalls until cancelled for stall', async () => {
    const adapter = createMockAdapter({ fault: { mode: 'stall', afterTokens: 1 } });
    const controller = new AbortController();
    const events = await collect(adapter.submit(baseTask, { signal: controller.signal }), (event) => {
      if (event.type === 'token') setTimeout(() => controller.abort(), 20);
    });
    expect(events.map((event) => event.type)).toEqual(['started', 'token', 'end']);
    expect(events.at(-1)).toMatchObject({ finish_reason: 'cancelled' });
  });

  it('reports properties and a heuristic token estimate', async () => {
    const adapter = createMockAdapter({ slots: 2, contextSize: 1024 });
    expect(await adapter.properties()).toMatchObject({
      engine: 'mock',
      slots_total: 2,
      slots_free: 2,
      context_size: 1024,
    });
    expect(await adapter.estimateTokens(baseTask)).toEqual({
      prompt_tokens: 2,
      total_tokens: 14,
      method: 'heuristic',
    });
  });
});
