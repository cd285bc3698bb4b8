import type { TaskPriority } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { AdmissionQueue, type QueueWaiter } from './admission-queue.js';

function waiter(priority: TaskPriority, onGrant: () => void = () => {}): QueueWaiter {
  return { priority, grant: onGrant };
}

describe('AdmissionQueue (ORCH-RES-010)', () => {
  it('grants at once while slots are free, then queues', () => {
    const queue = new AdmissionQueue(
      10,
      () => 1,
      () => 500,
    );
    expect(queue.enter(waiter('interactive'))).toBe(0);
    expect(queue.enter(waiter('interactive'))).toBe(1);
    expect(queue.waiting).toBe(1);
  });

  it('grants interactive before batch and FIFO within a priority', () => {
    const queue = new AdmissionQueue(
      10,
      () => 1,
      () => 500,
    );
    queue.enter(waiter('interactive'));
    const order: string[] = [];
    const wait = (name: string, priority: TaskPriority) =>
      queue.enter(waiter(priority, () => order.push(name)));
    wait('b1', 'batch');
    wait('i1', 'interactive');
    wait('b2', 'batch');
    wait('i2', 'interactive');
    for (let slot = 0; slot < 4; slot += 1) queue.release();
    expect(order).toEqual(['i1', 'i2', 'b1', 'b2']);
  });

  it('reports the position among waiters: interactive jumps ahead of batch', () => {
    const queue = new AdmissionQueue(
      10,
      () => 0,
      () => 500,
    );
    expect(queue.enter(waiter('batch'))).toBe(1);
    expect(queue.enter(waiter('batch'))).toBe(2);
    expect(queue.enter(waiter('interactive'))).toBe(1);
  });

  it('refuses with queue_full and a retry-after when the queue is full', () => {
    const queue = new AdmissionQueue(
      1,
      () => 0,
      () => 2_500,
    );
    queue.enter(waiter('batch'));
    expect(() => queue.enter(waiter('batch'))).toThrowError(
      expect.objectContaining({ code: 'queue_full', retryAfterMs: 2_500 }),
    );
  });

  it('drops a waiter that leaves: it is never granted', () => {
    let capacity = 0;
    const queue = new AdmissionQueue(
      10,
      () => capacity,
      () => 500,
    );
    let granted = false;
    const leaving = waiter('interactive', () => {
      granted = true;
    });
    queue.enter(leaving);
    expect(queue.leave(leaving)).toBe(true);
    expect(queue.waiting).toBe(0);
    capacity = 1;
    queue.pump();
    expect(granted).toBe(false);
    expect(queue.leave(leaving)).toBe(false);
  });

  it('reports every change of the number of waiters (ORCH-PIPE-013)', () => {
    const depths: number[] = [];
    const queue = new AdmissionQueue(
      10,
      () => 1,
      () => 500,
      (waiting) => depths.push(waiting),
    );
    queue.enter(waiter('interactive'));
    const second = waiter('batch');
    queue.enter(second);
    queue.enter(waiter('batch'));
    queue.leave(second);
    queue.release();
    expect(depths).toEqual([1, 2, 1, 0]);
  });
});
