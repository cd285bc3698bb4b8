import { describe, expect, it } from 'vitest';
import { UiEventBus } from './ui-event-bus.js';
import type { UiEngineLog, UiTaskSummary, UiTrafficPoint } from './ui-event-types.js';
import type { UiSubscriber } from './ui-subscriber.js';

/** A subscriber that keeps its frames; `accepts` decides what its next write answers. */
function collectingSubscriber(owner?: string) {
  const frames: string[] = [];
  let closed = false;
  const subscriber: UiSubscriber & { accepts: boolean } = {
    owner,
    accepts: true,
    send(frame) {
      frames.push(frame);
      return subscriber.accepts;
    },
    close() {
      closed = true;
    },
  };
  return { subscriber, frames, isClosed: () => closed };
}

const point: UiTrafficPoint = { at: 1, tokens_per_s: 5, tasks_per_s: 1, error_rate: 0 };

const summary: UiTaskSummary = {
  handle: 't0',
  task_id: 'same-id',
  model: 'm',
  pool_id: 'm',
  priority: 'interactive',
  phase: 'streaming',
  tokens: 3,
  started_at: 1,
  attempts: 1,
};

describe('UiEventBus (ORCH-UI-001, ORCH-UI-003, ORCH-UI-012)', () => {
  it('is idle without subscribers and announces when the first arrives and the last leaves', () => {
    const bus = new UiEventBus();
    const changes: boolean[] = [];
    bus.onActivityChange((active) => changes.push(active));
    expect(bus.active).toBe(false);
    const one = collectingSubscriber();
    const two = collectingSubscriber();
    bus.add(one.subscriber, 'traffic', point);
    bus.add(two.subscriber, 'traffic', point);
    bus.remove(one.subscriber);
    bus.remove(two.subscriber);
    expect(changes).toEqual([true, false]);
    expect(bus.active).toBe(false);
  });

  it('writes each event as one SSE frame with an increasing id, the same text to every subscriber', () => {
    const bus = new UiEventBus();
    const one = collectingSubscriber();
    const two = collectingSubscriber();
    bus.add(one.subscriber, 'traffic', point);
    bus.add(two.subscriber, 'traffic', point);
    bus.publish('traffic', { ...point, at: 2 });
    expect(one.frames[0]).toBe(`id: 1\nevent: traffic\ndata: ${JSON.stringify(point)}\n\n`);
    expect(two.frames[0]?.startsWith('id: 2\n')).toBe(true);
    expect(one.frames[1]).toBe(two.frames[1]);
    expect(one.frames[1]?.startsWith('id: 3\nevent: traffic\n')).toBe(true);
  });

  it('sends each owner only its own tasks of a list, every task to the others, and the scoped variant to limited ones', () => {
    const bus = new UiEventBus();
    const all = collectingSubscriber();
    const alice = collectingSubscriber('key:alice');
    const bob = collectingSubscriber('key:bob');
    const carol = collectingSubscriber('key:carol');
    for (const each of [all, alice, bob, carol]) bus.add(each.subscriber, 'traffic', point);
    const task = (handle: string) => ({ ...summary, handle });
    bus.publishOwned('tasks', [
      { owner: 'key:alice', data: task('t1') },
      { owner: 'key:bob', data: task('t2') },
      { owner: 'key:alice', data: task('t3') },
    ]);
    const handlesIn = (frame: string | undefined) =>
      (JSON.parse(frame?.split('\ndata: ')[1] ?? '[]') as { handle: string }[]).map((each) => each.handle);
    expect(handlesIn(all.frames.at(-1))).toEqual(['t1', 't2', 't3']);
    expect(handlesIn(alice.frames.at(-1))).toEqual(['t1', 't3']);
    expect(handlesIn(bob.frames.at(-1))).toEqual(['t2']);
    // None of the list is carol's: she gets no frame at all, and every frame sent shares one id.
    expect(carol.frames).toHaveLength(1);
    expect(new Set([all, alice, bob].map((each) => each.frames.at(-1)?.split('\n')[0]))).toEqual(
      new Set(['id: 5']),
    );
    const full: UiEngineLog = { engine_id: 'p:r', lines: ['at http://127.0.0.1:1'] };
    bus.publish('engine_log', full, { scoped: { ...full, lines: ['at replica "r"'] } });
    expect(all.frames.at(-1)).toContain('127.0.0.1');
    expect(alice.frames.at(-1)).toContain('replica \\"r\\"');
    expect(alice.frames.at(-1)?.split('\n')[0]).toBe(all.frames.at(-1)?.split('\n')[0]);
  });

  it('drops and closes a subscriber whose write reports it fell behind; the others keep receiving', () => {
    const bus = new UiEventBus();
    const slow = collectingSubscriber();
    const fast = collectingSubscriber();
    bus.add(slow.subscriber, 'traffic', point);
    bus.add(fast.subscriber, 'traffic', point);
    slow.subscriber.accepts = false;
    bus.publish('traffic', point);
    bus.publish('traffic', point);
    expect(slow.isClosed()).toBe(true);
    expect(slow.frames).toHaveLength(2);
    expect(fast.frames).toHaveLength(3);
    expect(bus.size).toBe(1);
  });
});
