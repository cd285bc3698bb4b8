import { describe, expect, it } from 'vitest';
import { AdmissionQueue } from './admission-queue.js';

describe('AdmissionQueue (ORCH-RES-010)', () => {
  it('grants at once while slots are free, then queues', async () => {
    const queue = new AdmissionQueue(
      10,
      () => 1,
      () => 500,
    );
    const signal = new AbortController().signal;
    expect(queue.admit('interactive', signal).position).toBe(0);
    expect(queue.admit('interactive', signal).position).toBe(1);
    expect(queue.waiting).toBe(1);
  });

  it('grants interactive before batch and FIFO within a priority', async () => {
    const queue = new AdmissionQueue(
      10,
      () => 1,
      () => 500,
    );
    const signal = new AbortController().signal;
    queue.admit('interactive', signal);
    const order: string[] = [];
    const wait = (name: string, priority: 'interactive' | 'batch') =>
      queue.admit(priority, signal).granted.then(() => order.push(name));
    const all = [
      wait('b1', 'batch'),
      wait('i1', 'interactive'),
      wait('b2', 'batch'),
      wait('i2', 'interactive'),
    ];
    for (let slot = 0; slot < 4; slot += 1) {
      queue.release();
      await Promise.resolve();
    }
    await Promise.all(all);
    expect(order).toEqual(['i1', 'i2', 'b1', 'b2']);
  });

  it('reports the position among waiters: interactive jumps ahead of batch', () => {
    const queue = new AdmissionQueue(
      10,
      () => 0,
      () => 500,
    );
    const signal = new AbortController().signal;
    expect(queue.admit('batch', signal).position).toBe(1);
    expect(queue.admit('batch', signal).position).toBe(2);
    expect(queue.admit('interactive', signal).position).toBe(1);
  });

  it('refuses with queue_full and a retry-after when the queue is full', () => {
    const queue = new AdmissionQueue(
      1,
      () => 0,
      () => 2_500,
    );
    const signal = new AbortController().signal;
    queue.admit('batch', signal);
    expect(() => queue.admit('batch', signal)).toThrowError(
      expect.objectContaining({ code: 'queue_full', retryAfterMs: 2_500 }),
    );
  });

  it('drops a waiter at once when its task is aborted', async () => {
    const queue = new AdmissionQueue(
      10,
      () => 0,
      () => 500,
    );
    const controller = new AbortController();
    const admission = queue.admit('interactive', controller.signal);
    controller.abort(new Error('client gone'));
    await expect(admission.granted).rejects.toThrow('client gone');
    expect(queue.waiting).toBe(0);
  });
});
