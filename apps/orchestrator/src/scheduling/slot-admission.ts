import type { QueueWaiter } from './admission-queue.js';

/**
 * A pool's admission: who holds a slot, who waits, in which order. {@link AdmissionQueue} keeps it in process (one
 * instance); with `cluster` a Redis-backed one leases the slots fleet-wide (specs/cluster.md). A task takes its slot
 * through {@link enter} (or a later `grant`) and gives it back once, through {@link release}.
 */
export interface SlotAdmission {
  /** Tasks of this instance waiting for a slot. */
  readonly waiting: number;
  /** Tasks of this instance holding a slot. */
  readonly running: number;
  /**
   * Admits a task: 0 when it holds a slot on return, else its position in the queue (`grant` comes later).
   * A fleet-wide admission answers asynchronously; it then never grants a waiter that has left meanwhile.
   * Throws (or rejects with) `queue_full`.
   */
  enter(waiter: QueueWaiter): number | Promise<number>;
  /** Takes a waiter out of the queue; false when it was not waiting. */
  leave(waiter: QueueWaiter): boolean;
  /** Gives back the slot `waiter` holds and lets the next waiter in. */
  release(waiter: QueueWaiter): void;
  /** Grants slots while capacity allows (capacity grew). */
  pump(): void;
  /** The replica whose slot the waiter was leased (fleet-wide leases are per replica); undefined: any. */
  replicaOf?(waiter: QueueWaiter): string | undefined;
}
