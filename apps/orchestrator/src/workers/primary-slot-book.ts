import type { TaskPriority } from '@orch/adapter-api';
import type { OfferedReplica } from './worker-message.js';

/** A slot handed to a waiter of a worker. */
export interface SlotGrant {
  worker: number;
  member: string;
  replicaId: string;
}

/** The answer to a worker's admission request. */
export type SlotAnswer =
  | { kind: 'granted'; replicaId: string }
  | { kind: 'waiting'; position: number }
  | { kind: 'full' };

interface Waiter {
  worker: number;
  member: string;
  priority: TaskPriority;
}

/**
 * One pool's slots and queue for all the workers of a host, kept by the primary (ORCH-CLU-081): the one owner of
 * who holds which replica's slot and who waits. Waiters are in host order (interactive before batch, then
 * arrival); a slot goes to the first waiter whose worker offers that replica. A worker that exits loses its slots
 * and places at once. Plain logic, no I/O: the grants it returns are the caller's to deliver.
 */
export class PrimarySlotBook {
  private readonly holders = new Map<string, { worker: number; replicaId: string }>();
  private readonly waiters: Waiter[] = [];
  /** Each worker's replicas that accept tasks, as it last said. */
  private readonly offers = new Map<number, readonly OfferedReplica[]>();

  /** Slots held on each replica, by any worker. */
  private used(replicaId: string): number {
    let count = 0;
    for (const holder of this.holders.values()) if (holder.replicaId === replicaId) count += 1;
    return count;
  }

  /** Tasks holding a slot, all workers together. */
  get running(): number {
    return this.holders.size;
  }

  /** Tasks waiting, all workers together. */
  get waiting(): number {
    return this.waiters.length;
  }

  /**
   * Admits a waiter: a slot now when one of the replicas its worker offers is free and no earlier waiter can take
   * it, else a place in the queue (`full` when `maxWaiting` wait already). Returns the answer and the grants this
   * made for other waiters (none usually).
   */
  admit(
    worker: number,
    member: string,
    priority: TaskPriority,
    maxWaiting: number,
    replicas: readonly OfferedReplica[],
  ): { answer: SlotAnswer; grants: SlotGrant[] } {
    this.offers.set(worker, replicas);
    if (this.waiters.length >= maxWaiting && !this.anyFree(replicas))
      return { answer: { kind: 'full' }, grants: [] };
    const waiter: Waiter = { worker, member, priority };
    const index =
      priority === 'interactive' ? this.waiters.findIndex((other) => other.priority === 'batch') : -1;
    if (index === -1) this.waiters.push(waiter);
    else this.waiters.splice(index, 0, waiter);
    const grants = this.pump();
    const own = grants.find((grant) => grant.member === member);
    if (own !== undefined) {
      return {
        answer: { kind: 'granted', replicaId: own.replicaId },
        grants: grants.filter((grant) => grant !== own),
      };
    }
    if (this.waiters.length > maxWaiting) {
      this.removeWaiter(member);
      return { answer: { kind: 'full' }, grants };
    }
    return { answer: { kind: 'waiting', position: this.waiters.indexOf(waiter) + 1 }, grants };
  }

  /** A worker's replicas changed (health, breaker): records them and grants what became free. */
  offer(worker: number, replicas: readonly OfferedReplica[]): SlotGrant[] {
    this.offers.set(worker, replicas);
    return this.pump();
  }

  /** A waiter gave up its place (timeout, abort). */
  leave(member: string): void {
    this.removeWaiter(member);
  }

  /** A task gave its slot back: the next waiters may take it. */
  release(member: string): SlotGrant[] {
    if (!this.holders.delete(member)) return [];
    return this.pump();
  }

  /** A worker exited: its slots and queue places are free now, and go to the other workers' waiters. */
  forgetWorker(worker: number): SlotGrant[] {
    this.offers.delete(worker);
    for (const [member, holder] of this.holders) if (holder.worker === worker) this.holders.delete(member);
    for (let index = this.waiters.length - 1; index >= 0; index--) {
      if (this.waiters[index]?.worker === worker) this.waiters.splice(index, 1);
    }
    return this.pump();
  }

  private anyFree(replicas: readonly OfferedReplica[]): boolean {
    return replicas.some((replica) => this.used(replica.id) < replica.slots);
  }

  private removeWaiter(member: string): void {
    const index = this.waiters.findIndex((waiter) => waiter.member === member);
    if (index !== -1) this.waiters.splice(index, 1);
  }

  /** Grants free slots to waiters in order; a waiter whose worker offers no free replica lets the next one try. */
  private pump(): SlotGrant[] {
    const grants: SlotGrant[] = [];
    for (let index = 0; index < this.waiters.length; ) {
      const waiter = this.waiters[index] as Waiter;
      const free = (this.offers.get(waiter.worker) ?? []).find(
        (replica) => this.used(replica.id) < replica.slots,
      );
      if (free === undefined) {
        index += 1;
        continue;
      }
      this.waiters.splice(index, 1);
      this.holders.set(waiter.member, { worker: waiter.worker, replicaId: free.id });
      grants.push({ worker: waiter.worker, member: waiter.member, replicaId: free.id });
    }
    return grants;
  }
}
