import { isErrorCode, TaskError } from '@orch/adapter-api';
import type { PrimaryMessage, PrimaryPush } from './primary-message.js';
import type { SlotAnswer } from './primary-slot-book.js';
import type { WorkerNotice, WorkerRequest } from './worker-message.js';

/** Longest wait for the primary's answer, ms: the primary is on the same host, so this only bounds a stuck one. */
const REQUEST_TIMEOUT_MS = 5_000;

/** What each request kind resolves with. */
export interface WorkerAnswers {
  'admit-slot': SlotAnswer;
  'admit-client': null;
  'cancel-elsewhere': boolean;
  'claim-task': boolean;
  'probe-lock': boolean;
  'scrape-metrics': string;
}

type PushOf<K extends PrimaryPush['kind']> = Extract<PrimaryPush, { kind: K }>;

/** Who a worker process is: its number on the host (1…N) and the primary's process id. */
export interface WorkerIdentity {
  index: number;
  primaryPid: number;
}

/**
 * A worker process's channel to its primary (ORCH-CLU-081): requests answered once (or rejected with
 * `cluster_unavailable` when the primary does not answer in time), notices, and pushes from the primary. Answers
 * are handled inside the message event, before the next message, so a grant pushed right after an answer always
 * finds the state the answer set.
 */
export class WorkerLink {
  private sequence = 0;
  private members = 0;
  private readonly pending = new Map<
    number,
    { settle: (ok: boolean, value: unknown) => void; timer: NodeJS.Timeout }
  >();
  private readonly handlers = new Map<string, ((push: PrimaryPush) => void)[]>();

  constructor(
    readonly identity: WorkerIdentity,
    private readonly channel: {
      send(message: unknown): unknown;
      on(event: 'message', listener: (message: unknown) => void): unknown;
    } = process as Required<Pick<NodeJS.Process, 'send'>> & NodeJS.Process,
  ) {
    channel.on('message', (message) => this.receive(message));
  }

  /**
   * Sends a request; `onAnswer` runs inside the message event that carries the answer (see the class comment).
   * The promise settles with the same answer.
   */
  request<K extends WorkerRequest['kind']>(
    body: Extract<WorkerRequest, { kind: K }>,
    onAnswer?: (answer: WorkerAnswers[K]) => void,
  ): Promise<WorkerAnswers[K]> {
    this.sequence += 1;
    const id = this.sequence;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          new TaskError('cluster_unavailable', 'The primary process did not answer this worker in time.'),
        );
      }, REQUEST_TIMEOUT_MS);
      timer.unref();
      this.pending.set(id, {
        timer,
        settle: (ok, value) => {
          if (!ok) {
            reject(value);
            return;
          }
          onAnswer?.(value as WorkerAnswers[K]);
          resolve(value as WorkerAnswers[K]);
        },
      });
      this.transmit({ orch: 'workers', request: { id, body } });
    });
  }

  /**
   * A new name for a slot or a stream this worker asks the primary for: unique on the host, a restarted worker
   * under the same number having another pid.
   */
  newMember(): string {
    this.members += 1;
    return `w${this.identity.index}:${process.pid}:${this.members}`;
  }

  /** Tells the primary something without waiting. */
  notify(notice: WorkerNotice): void {
    this.transmit({ orch: 'workers', notice });
  }

  /** Runs `handler` on every push of `kind`. */
  onPush<K extends PrimaryPush['kind']>(kind: K, handler: (push: PushOf<K>) => void): void {
    const list = this.handlers.get(kind) ?? [];
    list.push(handler as (push: PrimaryPush) => void);
    this.handlers.set(kind, list);
  }

  private transmit(message: unknown): void {
    try {
      this.channel.send(message);
    } catch {
      // The primary is gone: this worker drains (its parent watch) and the pending requests time out.
    }
  }

  private receive(message: unknown): void {
    if (typeof message !== 'object' || message === null || (message as { orch?: unknown }).orch !== 'workers')
      return;
    const envelope = message as PrimaryMessage;
    if ('reply' in envelope) {
      const reply = envelope.reply;
      const waiting = this.pending.get(reply.id);
      if (waiting === undefined) return;
      this.pending.delete(reply.id);
      clearTimeout(waiting.timer);
      if (reply.ok) {
        waiting.settle(true, reply.value);
      } else {
        const { code, message: text, retryAfterMs } = reply.error;
        waiting.settle(
          false,
          new TaskError(
            isErrorCode(code) ? code : 'internal',
            text,
            retryAfterMs === undefined ? {} : { retryAfterMs },
          ),
        );
      }
      return;
    }
    if ('push' in envelope)
      for (const handler of this.handlers.get(envelope.push.kind) ?? []) handler(envelope.push);
  }
}
