import { TaskError, toTaskError } from '@orch/adapter-api';
import type { InstanceInfo } from '../cluster/instance-heartbeat.js';
import type { ClientLimits } from '../scheduling/client-limits.js';
import type { PrimaryMessage, PrimaryPush } from './primary-message.js';
import { PrimarySlotBook, type SlotGrant } from './primary-slot-book.js';
import type { WorkerMessage, WorkerNotice, WorkerRequest } from './worker-message.js';
import { WorkerMetricsCollector } from './worker-metrics-collector.js';

/** A live worker as the primary knows it. */
interface WorkerEntry {
  info: InstanceInfo;
}

/**
 * The primary's side of the workers' shared state when no Redis is configured (ORCH-CLU-081): replica slots and
 * queue order per pool, per-client stream and rate limits, which worker runs which task (for cancels and
 * duplicate ids), breaker changes and half-open probe locks, and the list of workers. Each worker reaches it over
 * its IPC channel; a worker that exits is forgotten at once (its slots, streams and tasks are released). With
 * Redis the workers share these through Redis instead and only metrics and the worker list go through here.
 */
export class WorkerCoordinator {
  private readonly workers = new Map<number, WorkerEntry>();
  private readonly books = new Map<string, PrimarySlotBook>();
  /** Open streams per member, with the worker that holds them. */
  private readonly streams = new Map<string, { worker: number; release: () => void }>();
  /** The worker running each task, by owner and id. */
  private readonly tasks = new Map<string, number>();
  /** Half-open probe locks: replica → expiry (ms since the epoch). */
  private readonly probeLocks = new Map<string, number>();
  private readonly metrics: WorkerMetricsCollector;
  /** Workers listening for relayed signals (a signal sent before would be lost). */
  private readonly signalReady = new Set<number>();
  /** Every signal relayed so far, in order (repeated to a worker that becomes ready after). */
  private readonly relayed: string[] = [];

  constructor(
    private readonly send: (worker: number, message: PrimaryMessage) => void,
    private readonly clientLimits: ClientLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.metrics = new WorkerMetricsCollector((worker, collection) =>
      this.push(worker, { kind: 'collect-metrics', collection }),
    );
  }

  /** A worker was forked. */
  addWorker(worker: number, info: InstanceInfo): void {
    this.workers.set(worker, { info });
    this.announceInstances();
  }

  /** A worker exited: everything it held is given back now, and its waiters' turn passes to the others. */
  forgetWorker(worker: number): void {
    if (!this.workers.delete(worker)) return;
    this.signalReady.delete(worker);
    for (const [pool, book] of this.books) this.deliver(pool, book.forgetWorker(worker));
    for (const [member, stream] of this.streams) {
      if (stream.worker !== worker) continue;
      this.streams.delete(member);
      stream.release();
    }
    for (const [task, runner] of this.tasks) if (runner === worker) this.tasks.delete(task);
    this.metrics.forgetWorker(worker);
    this.announceInstances();
  }

  /**
   * Relays a signal to every worker (each counts it as the single-process CLI does: ORCH-CLI-010); a worker still
   * starting gets it once it listens for signals.
   */
  relaySignal(signal: string): void {
    this.relayed.push(signal);
    for (const worker of this.signalReady) this.push(worker, { kind: 'signal', signal });
  }

  /** Handles one message of a worker; messages of other users of the channel are ignored. */
  receive(worker: number, message: unknown): void {
    if (typeof message !== 'object' || message === null || (message as { orch?: unknown }).orch !== 'workers')
      return;
    const envelope = message as WorkerMessage;
    if ('request' in envelope) this.answer(worker, envelope.request.id, envelope.request.body);
    else if ('notice' in envelope) this.note(worker, envelope.notice);
  }

  private bookOf(pool: string): PrimarySlotBook {
    let book = this.books.get(pool);
    if (book === undefined) {
      book = new PrimarySlotBook();
      this.books.set(pool, book);
    }
    return book;
  }

  private push(worker: number, push: PrimaryPush): void {
    this.send(worker, { orch: 'workers', push });
  }

  private deliver(pool: string, grants: readonly SlotGrant[]): void {
    for (const grant of grants) {
      this.push(grant.worker, { kind: 'granted', pool, member: grant.member, replicaId: grant.replicaId });
    }
  }

  private announceInstances(): void {
    const instances = [...this.workers.values()]
      .map((entry) => entry.info)
      .sort((a, b) => a.instance_id.localeCompare(b.instance_id));
    for (const worker of this.workers.keys()) this.push(worker, { kind: 'instances', instances });
  }

  /** Answers at once when the decision is synchronous, so no push made later can overtake the answer. */
  private answer(worker: number, id: number, body: WorkerRequest): void {
    const reply = (value: unknown) => this.send(worker, { orch: 'workers', reply: { id, ok: true, value } });
    const refuse = (error: unknown) => {
      const failure = toTaskError(error);
      const { code, message, retryAfterMs } = failure;
      this.send(worker, {
        orch: 'workers',
        reply: {
          id,
          ok: false,
          error: { code, message, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
        },
      });
    };
    let decision: unknown;
    try {
      decision = this.decide(worker, body);
    } catch (error) {
      refuse(error);
      return;
    }
    if (decision instanceof Promise) decision.then(reply, refuse);
    else reply(decision);
  }

  private decide(worker: number, body: WorkerRequest): unknown {
    switch (body.kind) {
      case 'admit-slot': {
        const { answer, grants } = this.bookOf(body.pool).admit(
          worker,
          body.member,
          body.priority,
          body.maxWaiting,
          body.replicas,
        );
        this.deliver(body.pool, grants);
        return answer;
      }
      case 'admit-client': {
        const keep = (release: () => void) => {
          if (this.workers.has(worker)) this.streams.set(body.member, { worker, release });
          else release();
          return null;
        };
        const admitted = this.clientLimits.admit(body.client);
        return admitted instanceof Promise ? admitted.then(keep) : keep(admitted);
      }
      case 'cancel-elsewhere': {
        const runner = this.tasks.get(taskKey(body.owner, body.taskId));
        if (runner === undefined || runner === worker) return false;
        this.push(runner, { kind: 'cancel', taskId: body.taskId, owner: body.owner });
        return true;
      }
      case 'claim-task': {
        // One worker per owner and id on the host: a second one is refused (ORCH-CLU-025).
        const key = taskKey(body.owner, body.taskId);
        const runner = this.tasks.get(key);
        if (runner !== undefined && runner !== worker) return false;
        if (this.workers.has(worker)) this.tasks.set(key, worker);
        return true;
      }
      case 'probe-lock': {
        const key = `${body.pool}/${body.replica}`;
        const now = this.now();
        if ((this.probeLocks.get(key) ?? 0) > now) return false;
        this.probeLocks.set(key, now + body.lockMs);
        return true;
      }
      case 'scrape-metrics':
        // Only workers that listen serve (and answer collections); one still starting adds nothing yet.
        return this.metrics.collect(
          [...this.workers].flatMap(([id, entry]) => (entry.info.url === undefined ? [] : [id])),
        );
      default:
        throw new TaskError('invalid_request', 'Unknown request from a worker.');
    }
  }

  private note(worker: number, notice: WorkerNotice): void {
    switch (notice.kind) {
      case 'offer':
        this.deliver(notice.pool, this.bookOf(notice.pool).offer(worker, notice.replicas));
        return;
      case 'leave-slot':
        this.bookOf(notice.pool).leave(notice.member);
        return;
      case 'release-slot':
        this.deliver(notice.pool, this.bookOf(notice.pool).release(notice.member));
        return;
      case 'release-client': {
        const stream = this.streams.get(notice.member);
        this.streams.delete(notice.member);
        stream?.release();
        return;
      }
      case 'charge':
        this.clientLimits.charge(notice.client, notice.tokens);
        return;
      case 'task-removed': {
        const key = taskKey(notice.owner, notice.taskId);
        if (this.tasks.get(key) === worker) this.tasks.delete(key);
        return;
      }
      case 'breaker':
        for (const other of this.workers.keys()) {
          if (other === worker) continue;
          this.push(other, {
            kind: 'breaker',
            pool: notice.pool,
            replica: notice.replica,
            state: notice.state,
            from: this.workers.get(worker)?.info.instance_id ?? String(worker),
          });
        }
        return;
      case 'listening': {
        const entry = this.workers.get(worker);
        if (entry !== undefined) entry.info = { ...entry.info, url: notice.url };
        this.announceInstances();
        return;
      }
      case 'metrics':
        this.metrics.answer(worker, notice.collection, notice.metrics);
        return;
      case 'signals-ready':
        if (!this.workers.has(worker)) return;
        this.signalReady.add(worker);
        for (const signal of this.relayed) this.push(worker, { kind: 'signal', signal });
        return;
    }
  }
}

/** A task's name on the host: ids are unique per owner only (ORCH-SEC-004). */
function taskKey(owner: string, taskId: string): string {
  return `${owner}\u0000${taskId}`;
}
