import { TaskError } from '@orch/adapter-api';
import type { Logger } from '../logging/logger.js';
import type { Pool } from '../pools/pool.js';
import { AdmissionQueue, type QueueWaiter } from '../scheduling/admission-queue.js';
import type { SlotAdmission } from '../scheduling/slot-admission.js';
import type { ClusterKeys } from './cluster-keys.js';
import type { ClusterRedis } from './cluster-redis.js';
import { RedisUnavailableError } from './redis-unavailable-error.js';
import { ACQUIRE_SLOT, LEAVE_QUEUE, RELEASE_SLOT, RENEW } from './slot-lease-scripts.js';

/** What a fleet-wide admission needs besides its pool. */
export interface RedisAdmissionSettings {
  redis: ClusterRedis;
  keys: ClusterKeys;
  instanceId: string;
  leaseMs: number;
  pollMs: number;
  logger: Logger;
  /** Live instances as last seen (at least 1): while Redis is down each takes its share of the slots. */
  liveInstances: () => number;
}

/** Where one waiter of this instance stands. */
interface Entry {
  readonly member: string;
  state: 'pending' | 'waiting' | 'holding' | 'left';
  /** The replica whose lease it holds. */
  replicaId?: string;
  /** Admitted by the in-process fallback while Redis was down (its slot is not in Redis). */
  local: boolean;
}

type AcquireAnswer = { kind: 'granted'; replicaId: string } | { kind: 'waiting'; position: number };

/**
 * A pool's admission through Redis (ORCH-CLU-010…): slots are leases per replica, renewed while the task holds them
 * and released at its end; queue places are ordered fleet-wide (interactive before batch, then arrival), and a
 * freed slot wakes every instance (pub/sub) and is taken by the first waiter in that order. Waiting instances also
 * poll, so expired leases of a dead instance and missed wake-ups are found within `poll_ms`.
 * With Redis down it falls back to an in-process queue holding the pool's slots divided by the live instances
 * (ORCH-CLU-050).
 */
export class RedisAdmissionQueue implements SlotAdmission {
  private readonly entries = new Map<QueueWaiter, Entry>();
  /** Waiters in fleet order: interactive first, each lane FIFO. */
  private readonly interactive: QueueWaiter[] = [];
  private readonly batch: QueueWaiter[] = [];
  private readonly fallback: AdmissionQueue;
  private leased = 0;
  private sequence = 0;
  private pollTimer: NodeJS.Timeout | undefined;
  private renewTimer: NodeJS.Timeout | undefined;
  private pumping = false;
  private pumpAgain = false;

  constructor(
    private readonly pool: Pool,
    private readonly settings: RedisAdmissionSettings,
    private readonly onQueueDepth: (waiting: number) => void,
  ) {
    this.fallback = new AdmissionQueue(
      pool.config.queue.max_waiting,
      () => Math.max(0, this.fallbackCapacity() - this.leased),
      () => pool.predictWaitMs(this.waiting + 1),
      () => this.onQueueDepth(this.waiting),
    );
    settings.redis.subscribe(settings.keys.wakeChannel(pool.id), () => this.pumpRedis());
  }

  get waiting(): number {
    return this.interactive.length + this.batch.length + this.fallback.waiting;
  }

  get running(): number {
    return this.leased + this.fallback.running;
  }

  /** The slots this instance may use on its own while Redis is down. */
  private fallbackCapacity(): number {
    const capacity = this.pool.capacity;
    if (capacity === 0) return 0;
    return Math.max(1, Math.floor(capacity / Math.max(1, this.settings.liveInstances())));
  }

  enter(waiter: QueueWaiter): number | Promise<number> {
    if (!this.settings.redis.up) return this.enterFallback(waiter);
    this.sequence += 1;
    const entry: Entry = {
      member: `${this.settings.instanceId}:${process.pid}:${this.sequence}`,
      state: 'pending',
      local: false,
    };
    this.entries.set(waiter, entry);
    this.ensureRenewing();
    return this.acquire(waiter, entry).then(
      (answer) => {
        if (entry.state === 'left') {
          if (answer.kind === 'granted') this.giveBack(entry, answer.replicaId);
          this.entries.delete(waiter);
          return 0;
        }
        if (answer.kind === 'granted') {
          this.hold(entry, answer.replicaId);
          return 0;
        }
        entry.state = 'waiting';
        (waiter.priority === 'interactive' ? this.interactive : this.batch).push(waiter);
        this.onQueueDepth(this.waiting);
        this.ensurePolling();
        return answer.position;
      },
      (error: unknown) => {
        this.entries.delete(waiter);
        if (error instanceof RedisUnavailableError && entry.state !== 'left')
          return this.enterFallback(waiter);
        throw error;
      },
    );
  }

  leave(waiter: QueueWaiter): boolean {
    const entry = this.entries.get(waiter);
    if (entry === undefined) return this.fallback.leave(waiter);
    if (entry.state === 'pending') {
      entry.state = 'left';
      return true;
    }
    if (entry.state !== 'waiting') return false;
    entry.state = 'left';
    this.entries.delete(waiter);
    this.removeFromLanes(waiter);
    this.onQueueDepth(this.waiting);
    const { keys, redis } = this.settings;
    const poolId = this.pool.id;
    redis
      .runScript(
        LEAVE_QUEUE,
        [keys.waiters(poolId), keys.waiterExpiry(poolId)],
        [entry.member, keys.wakeChannel(poolId)],
      )
      .catch(() => {});
    return true;
  }

  release(waiter: QueueWaiter): void {
    const entry = this.entries.get(waiter);
    if (entry === undefined || entry.state !== 'holding') {
      this.fallback.release(waiter);
      return;
    }
    this.entries.delete(waiter);
    entry.state = 'left';
    this.leased -= 1;
    this.giveBack(entry, entry.replicaId as string);
    this.fallback.pump();
    this.pumpRedis();
  }

  pump(): void {
    this.fallback.pump();
    this.pumpRedis();
  }

  replicaOf(waiter: QueueWaiter): string | undefined {
    return this.entries.get(waiter)?.replicaId;
  }

  /** Stops the timers (shutdown); leases still held expire in Redis by themselves. */
  stop(): void {
    clearInterval(this.pollTimer);
    clearInterval(this.renewTimer);
    this.pollTimer = undefined;
    this.renewTimer = undefined;
  }

  private enterFallback(waiter: QueueWaiter): number {
    return this.fallback.enter(waiter);
  }

  private hold(entry: Entry, replicaId: string): void {
    entry.state = 'holding';
    entry.replicaId = replicaId;
    this.leased += 1;
  }

  private giveBack(entry: Entry, replicaId: string): void {
    const { keys, redis } = this.settings;
    const poolId = this.pool.id;
    // Redis down: the lease expires by itself within lease_ms.
    redis
      .runScript(RELEASE_SLOT, [keys.leases(poolId, replicaId)], [entry.member, keys.wakeChannel(poolId)])
      .catch(() => {});
  }

  private removeFromLanes(waiter: QueueWaiter): void {
    const lane = waiter.priority === 'interactive' ? this.interactive : this.batch;
    const index = lane.indexOf(waiter);
    if (index !== -1) lane.splice(index, 1);
  }

  /** The replicas a task may be leased on now, as this instance sees them. */
  private offeredReplicas() {
    return this.pool.replicas.filter((replica) => replica.acceptsTasks || replica.servesSoon);
  }

  private async acquire(waiter: QueueWaiter, entry: Entry): Promise<AcquireAnswer> {
    const { keys, redis, leaseMs } = this.settings;
    const poolId = this.pool.id;
    const replicas = this.offeredReplicas();
    const answer = (await redis.runScript(
      ACQUIRE_SLOT,
      [keys.waiters(poolId), keys.waiterExpiry(poolId), ...replicas.map((r) => keys.leases(poolId, r.id))],
      [
        leaseMs,
        entry.member,
        waiter.priority === 'interactive' ? 0 : 1,
        this.pool.config.queue.max_waiting,
        ...replicas.map((replica) => replica.slots),
      ],
    )) as [number, number];
    const [kind, value] = answer;
    if (kind === 1) return { kind: 'granted', replicaId: (replicas[value - 1] as { id: string }).id };
    if (kind === 2) {
      throw new TaskError(
        'queue_full',
        `The pool queue is full (${this.pool.config.queue.max_waiting} tasks waiting across the fleet).`,
        { retryAfterMs: this.pool.predictWaitMs(this.pool.config.queue.max_waiting) },
      );
    }
    return { kind: 'waiting', position: value };
  }

  /** Asks Redis for slots for this instance's waiters, in fleet order, until one is refused. One loop at a time. */
  private pumpRedis(): void {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    if (this.interactive.length + this.batch.length === 0) return;
    this.pumping = true;
    void this.runPump().finally(() => {
      this.pumping = false;
      if (this.pumpAgain) {
        this.pumpAgain = false;
        this.pumpRedis();
      }
    });
  }

  private async runPump(): Promise<void> {
    for (;;) {
      const waiter = this.interactive[0] ?? this.batch[0];
      if (waiter === undefined) return;
      const entry = this.entries.get(waiter) as Entry;
      let answer: AcquireAnswer;
      try {
        answer = await this.acquire(waiter, entry);
      } catch (error) {
        if (error instanceof RedisUnavailableError) this.moveWaitersToFallback();
        return;
      }
      if (entry.state === 'left') {
        if (answer.kind === 'granted') this.giveBack(entry, answer.replicaId);
        continue;
      }
      if (answer.kind !== 'granted') return;
      this.removeFromLanes(waiter);
      this.hold(entry, answer.replicaId);
      this.onQueueDepth(this.waiting);
      waiter.grant();
    }
  }

  /** Redis went away while tasks waited: they wait in the in-process fallback instead (in the same order). */
  private moveWaitersToFallback(): void {
    const waiters = [...this.interactive, ...this.batch];
    this.interactive.length = 0;
    this.batch.length = 0;
    for (const waiter of waiters) {
      this.entries.delete(waiter);
      try {
        if (this.fallback.enter(waiter) === 0) waiter.grant();
      } catch {
        // The fallback queue is smaller than the fleet's: the rest keep no place and time out as queued tasks.
      }
    }
    this.onQueueDepth(this.waiting);
  }

  private ensurePolling(): void {
    if (this.pollTimer !== undefined) return;
    this.pollTimer = setInterval(() => {
      if (this.interactive.length + this.batch.length === 0) {
        clearInterval(this.pollTimer);
        this.pollTimer = undefined;
        return;
      }
      this.pumpRedis();
    }, this.settings.pollMs);
    this.pollTimer.unref();
  }

  private ensureRenewing(): void {
    if (this.renewTimer !== undefined) return;
    this.renewTimer = setInterval(() => this.renew(), Math.max(100, Math.floor(this.settings.leaseMs / 3)));
    this.renewTimer.unref();
  }

  /** One round trip renews every lease and queue place this instance holds in the pool. */
  private renew(): void {
    const { keys, redis, leaseMs } = this.settings;
    const poolId = this.pool.id;
    const sets: string[] = [];
    const modes: string[] = [];
    const members: string[] = [];
    for (const entry of this.entries.values()) {
      if (entry.state === 'holding') {
        sets.push(keys.leases(poolId, entry.replicaId as string));
        modes.push('a');
      } else if (entry.state === 'waiting') {
        sets.push(keys.waiterExpiry(poolId));
        modes.push('x');
      } else continue;
      members.push(entry.member);
    }
    if (sets.length === 0) {
      if (this.entries.size === 0) {
        clearInterval(this.renewTimer);
        this.renewTimer = undefined;
      }
      return;
    }
    redis.runScript(RENEW, sets, [leaseMs, modes.join(''), ...members]).catch(() => {});
  }
}
