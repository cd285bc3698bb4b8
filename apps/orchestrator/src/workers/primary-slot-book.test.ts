import { describe, expect, it } from 'vitest';
import { PrimarySlotBook } from './primary-slot-book.js';

const ONE_SLOT = [{ id: 'r0', slots: 1 }];

describe('PrimarySlotBook (ORCH-CLU-081)', () => {
  it('grants a free slot at once and queues the next waiter of any worker', () => {
    const book = new PrimarySlotBook();
    expect(book.admit(1, 'a', 'interactive', 10, ONE_SLOT).answer).toEqual({
      kind: 'granted',
      replicaId: 'r0',
    });
    expect(book.admit(2, 'b', 'interactive', 10, ONE_SLOT).answer).toEqual({ kind: 'waiting', position: 1 });
    expect(book.release('a')).toEqual([{ worker: 2, member: 'b', replicaId: 'r0' }]);
  });

  it('gives a freed slot to the oldest interactive waiter of any worker before any batch waiter', () => {
    const book = new PrimarySlotBook();
    book.admit(1, 'holder', 'interactive', 10, ONE_SLOT);
    book.admit(1, 'batch-1', 'batch', 10, ONE_SLOT);
    expect(book.admit(2, 'interactive-2', 'interactive', 10, ONE_SLOT).answer).toEqual({
      kind: 'waiting',
      position: 1,
    });
    expect(book.release('holder').map((grant) => grant.member)).toEqual(['interactive-2']);
    expect(book.release('interactive-2').map((grant) => grant.member)).toEqual(['batch-1']);
  });

  it("frees an exited worker's slots and places at once, for the other workers' waiters", () => {
    const book = new PrimarySlotBook();
    const two = [{ id: 'r0', slots: 2 }];
    book.admit(1, 'a1', 'interactive', 10, two);
    book.admit(1, 'a2', 'interactive', 10, two);
    book.admit(1, 'a3', 'interactive', 10, two);
    book.admit(2, 'b1', 'interactive', 10, two);
    expect(book.forgetWorker(1)).toEqual([{ worker: 2, member: 'b1', replicaId: 'r0' }]);
    expect(book.running).toBe(1);
    expect(book.waiting).toBe(0);
  });

  it('refuses a waiter over max_waiting, counted across workers', () => {
    const book = new PrimarySlotBook();
    book.admit(1, 'holder', 'interactive', 1, ONE_SLOT);
    book.admit(1, 'w1', 'interactive', 1, ONE_SLOT);
    expect(book.admit(2, 'w2', 'interactive', 1, ONE_SLOT).answer).toEqual({ kind: 'full' });
    expect(book.waiting).toBe(1);
  });

  it('lets a waiter whose worker offers the free replica pass one whose worker does not', () => {
    const book = new PrimarySlotBook();
    const both = [
      { id: 'r0', slots: 1 },
      { id: 'r1', slots: 1 },
    ];
    book.admit(1, 'on-r0', 'interactive', 10, both);
    book.admit(1, 'on-r1', 'interactive', 10, both);
    // Worker 3 sees only r0 ready; worker 2 sees both.
    book.admit(3, 'sees-r0', 'interactive', 10, [{ id: 'r0', slots: 1 }]);
    book.admit(2, 'sees-both', 'interactive', 10, both);
    expect(book.release('on-r1')).toEqual([{ worker: 2, member: 'sees-both', replicaId: 'r1' }]);
    expect(book.release('on-r0')).toEqual([{ worker: 3, member: 'sees-r0', replicaId: 'r0' }]);
  });

  it('grants nothing to a waiter that left', () => {
    const book = new PrimarySlotBook();
    book.admit(1, 'holder', 'interactive', 10, ONE_SLOT);
    book.admit(2, 'gone', 'interactive', 10, ONE_SLOT);
    book.leave('gone');
    expect(book.release('holder')).toEqual([]);
    expect(book.running).toBe(0);
  });
});
