import { type StreamEvent, TaskError } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { collectEvents } from './collect-events.js';

async function* fromEvents(events: StreamEvent[], then?: () => Promise<never>): AsyncGenerator<StreamEvent> {
  yield* events;
  if (then) await then();
}

describe('collectEvents', () => {
  it('collects events and joins the token text', async () => {
    const stream = await collectEvents(
      fromEvents([
        { type: 'token', i: 0, t: 'a' },
        { type: 'token', i: 1, t: 'é' },
        { type: 'end', finish_reason: 'stop', finish_reason_raw: 'eos' },
      ]),
      { timeoutMs: 1000 },
    );
    expect(stream.text).toBe('aé');
    expect(stream.events).toHaveLength(3);
    expect(stream.rejection).toBeUndefined();
  });

  it('captures a rejection instead of throwing', async () => {
    const failure = new TaskError('engine_unavailable', 'down');
    const stream = await collectEvents(
      fromEvents([], () => Promise.reject(failure)),
      { timeoutMs: 1000 },
    );
    expect(stream.rejection).toBe(failure);
  });

  it('marks where onEvent asked to cancel', async () => {
    const stream = await collectEvents(
      fromEvents([
        { type: 'token', i: 0, t: 'a' },
        { type: 'token', i: 1, t: 'b' },
        { type: 'end', finish_reason: 'cancelled', finish_reason_raw: 'cancelled' },
      ]),
      { timeoutMs: 1000, onEvent: (event) => event.type === 'token' && event.i === 0 },
    );
    expect(stream.cancelledAt).toBe(1);
  });

  it('fails a stream that never ends instead of hanging', async () => {
    const forever = fromEvents([{ type: 'token', i: 0, t: 'a' }], () => new Promise<never>(() => {}));
    await expect(collectEvents(forever, { timeoutMs: 50 })).rejects.toThrow(/did not end within 50 ms/);
  });
});
