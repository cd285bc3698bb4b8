import { TaskError } from '@orch/adapter-api';
import type { Pool } from '../pools/pool.js';
import type { QueueWaiter } from '../scheduling/admission-queue.js';
import type { SlotAdmission } from '../scheduling/slot-admission.js';
import type { SlotAnswer } from './primary-slot-book.js';
import type { WorkerLink } from './worker-link.js';
import type { OfferedReplica } from './worker-message.js';

/** Where one waiter of this worker stands. */
interface Entry {
  readonly member: string;
  state: 'pending' | 'waiting' | 'holding' | 'left';
  replicaId?: string;
  /** A grant that arrived before the answer to the request (kept safe, though the primary answers first). */
  earlyGrant?: string;
}

/**
 * A pool's admission in a worker process whose primary keeps the host's slots (ORCH-CLU-081): `max_concurrency`
 * holds across the workers and the queue order (interactive first, then arrival) is the host's. Each decision is
 * the primary's; this worker offers the replicas it sees accepting tasks and is pushed the grants of its waiters.
 */
export class IpcSlotAdmission implements SlotAdmission {
  private readonly entries = new Map<QueueWaiter, Entry>();
  private readonly byMember = new Map<string, QueueWaiter>();
  private queued = 0;
  private held = 0;

  constructor(
    private readonly pool: Pool,
    private readonly link: WorkerLink,
    private readonly onQueueDepth: (waiting: number) => void,
  ) {
    link.onPush('granted', (push) => {
      if (push.pool === pool.id) this.granted(push.member, push.replicaId);
    });
  }

  get waiting(): number {
    return this.queued;
  }

  get running(): number {
    return this.held;
  }

  enter(waiter: QueueWaiter): Promise<number> {
    const entry: Entry = { member: this.link.newMember(), state: 'pending' };
    this.entries.set(waiter, entry);
    this.byMember.set(entry.member, waiter);
    let position = 0;
    const settle = (answer: SlotAnswer) => {
      if (answer.kind === 'full') {
        this.forget(waiter, entry);
        return;
      }
      if (entry.state === 'left') {
        this.forget(waiter, entry);
        if (answer.kind === 'granted' || entry.earlyGrant !== undefined) this.giveBack(entry);
        else this.link.notify({ kind: 'leave-slot', pool: this.pool.id, member: entry.member });
        return;
      }
      if (answer.kind === 'granted' || entry.earlyGrant !== undefined) {
        this.hold(entry, answer.kind === 'granted' ? answer.replicaId : (entry.earlyGrant as string));
        return;
      }
      entry.state = 'waiting';
      this.queued += 1;
      this.onQueueDepth(this.queued);
      position = answer.position;
    };
    return this.link
      .request(
        {
          kind: 'admit-slot',
          pool: this.pool.id,
          member: entry.member,
          priority: waiter.priority,
          maxWaiting: this.pool.config.queue.max_waiting,
          replicas: this.offeredReplicas(),
        },
        settle,
      )
      .then(
        (answer) => {
          if (answer.kind === 'full') {
            const maxWaiting = this.pool.config.queue.max_waiting;
            throw new TaskError(
              'queue_full',
              `The pool queue is full (${maxWaiting} tasks waiting on this host).`,
              {
                retryAfterMs: this.pool.predictWaitMs(maxWaiting),
              },
            );
          }
          return position;
        },
        (error: unknown) => {
          // No answer in time: whatever the primary decided later is undone (it handles these in order).
          this.forget(waiter, entry);
          this.link.notify({ kind: 'leave-slot', pool: this.pool.id, member: entry.member });
          this.giveBack(entry);
          throw error;
        },
      );
  }

  leave(waiter: QueueWaiter): boolean {
    const entry = this.entries.get(waiter);
    if (entry === undefined) return false;
    if (entry.state === 'pending') {
      entry.state = 'left';
      return true;
    }
    if (entry.state !== 'waiting') return false;
    this.forget(waiter, entry);
    this.link.notify({ kind: 'leave-slot', pool: this.pool.id, member: entry.member });
    return true;
  }

  release(waiter: QueueWaiter): void {
    const entry = this.entries.get(waiter);
    if (entry === undefined || entry.state !== 'holding') return;
    this.forget(waiter, entry);
    this.giveBack(entry);
  }

  pump(): void {
    this.link.notify({ kind: 'offer', pool: this.pool.id, replicas: this.offeredReplicas() });
  }

  replicaOf(waiter: QueueWaiter): string | undefined {
    return this.entries.get(waiter)?.replicaId;
  }

  /** The replicas a task may be given a slot on now, as this worker sees them. */
  private offeredReplicas(): OfferedReplica[] {
    return this.pool.replicas
      .filter((replica) => replica.acceptsTasks || replica.servesSoon)
      .map((replica) => ({ id: replica.id, slots: replica.slots }));
  }

  private granted(member: string, replicaId: string): void {
    const waiter = this.byMember.get(member);
    const entry = waiter === undefined ? undefined : this.entries.get(waiter);
    if (entry?.state === 'pending') {
      entry.earlyGrant = replicaId;
      return;
    }
    if (waiter === undefined || entry === undefined || entry.state !== 'waiting') {
      // Its task left meanwhile: the slot goes back at once.
      this.link.notify({ kind: 'release-slot', pool: this.pool.id, member });
      return;
    }
    this.queued -= 1;
    this.onQueueDepth(this.queued);
    this.hold(entry, replicaId);
    waiter.grant();
  }

  private hold(entry: Entry, replicaId: string): void {
    entry.state = 'holding';
    entry.replicaId = replicaId;
    this.held += 1;
  }

  /** Forgets a waiter in any state, keeping the counts. */
  private forget(waiter: QueueWaiter, entry: Entry): void {
    if (entry.state === 'waiting') {
      this.queued -= 1;
      this.onQueueDepth(this.queued);
    }
    if (entry.state === 'holding') this.held -= 1;
    entry.state = 'left';
    this.entries.delete(waiter);
    this.byMember.delete(entry.member);
  }

  private giveBack(entry: Entry): void {
    this.link.notify({ kind: 'release-slot', pool: this.pool.id, member: entry.member });
  }
}
