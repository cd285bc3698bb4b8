import type { StreamEvent, TaskError } from '@orch/adapter-api';
import { encodeTaskEvent } from '../http/native-task-dialect.js';
import { redactEngineAddresses } from '../security/redact-engine-addresses.js';
import type { TaskClient } from '../tasks/task-client.js';
import type { TaskRecord } from '../tasks/task-record.js';
import type { TaskRun } from '../tasks/task-run.js';
import { RecordingTaskClient } from './recording-task-client.js';
import type { TaskRecordOwner } from './task-record-owner.js';
import type { UiDeterminismStamp, UiTaskPhase, UiTaskSummary, UiTimelineEntry } from './ui-event-types.js';
import type { UiSubscriber } from './ui-subscriber.js';

/** Most events one task keeps for replay; a longer stream's replay says where it was cut. */
const MAX_REPLAY_EVENTS = 20_000;

/** The request fields a copy-as-curl repeats (the task id is left out: a second run must not collide). */
function requestOf(run: TaskRun, keepPrompts: boolean): Record<string, unknown> {
  const { task_id: _taskId, prompt, messages, ...rest } = run.task;
  if (keepPrompts)
    return { ...rest, ...(prompt === undefined ? {} : { prompt }), ...(messages ? { messages } : {}) };
  return { ...rest, prompt: '<not kept: set ui.keep_prompts to keep prompts>' };
}

/**
 * The status page's record of one task (ORCH-UI-020): its summary, its attempt timeline and, while recording, the
 * events its client received, for `/v1/events/tasks/{handle}/events`. The task calls it at its transitions; the
 * token path only reaches {@link sent}, which appends when a log is kept and writes to per-task streams.
 */
export class UiTaskRecord implements TaskRecord {
  readonly taskId: string;
  readonly model: string;
  readonly poolId: string;
  readonly priority: string;
  readonly owner: string | undefined;
  readonly startedAt = Date.now();
  /** When the task entered its pool's queue (epoch ms); undefined unless it waits there now. */
  enqueuedAt: number | undefined;
  readonly timeline: UiTimelineEntry[] = [];
  /** The request as a copy-as-curl repeats it (the prompt only with `ui.keep_prompts`). */
  readonly request: Record<string, unknown>;
  /** The events the client received, in order; undefined while not recording. */
  log: StreamEvent[] | undefined;
  /** Token events the client had received when the log started late; undefined: it holds the whole stream. */
  private tokensBeforeLog: number | undefined;
  /** The log reached {@link MAX_REPLAY_EVENTS}: later events were not kept. */
  private logCut = false;
  /** The terminal event, once ended. */
  terminal: StreamEvent | undefined;
  stamp: UiDeterminismStamp | undefined;
  /** Tokens counted into the traffic series so far. */
  countedTokens = 0;
  /** Tokens in the last `task` event sent. */
  publishedTokens = 0;
  private run: TaskRun | undefined;
  private endedAt: number | undefined;
  private outcome: string | undefined;
  private errorMessage: string | undefined;
  private finalTokens = 0;
  private finalAttempts = 0;
  private finalReplicaId: string | undefined;
  private readonly streams = new Set<UiSubscriber>();

  constructor(
    readonly handle: string,
    run: TaskRun,
    private readonly list: TaskRecordOwner,
  ) {
    this.run = run;
    this.taskId = run.taskId;
    this.model = run.task.model;
    this.poolId = run.poolId;
    this.priority = run.task.priority;
    this.owner = run.owner;
    this.request = requestOf(run, list.keepPrompts);
    if (list.recording) this.log = [];
  }

  /** Token events delivered so far. */
  get tokens(): number {
    return this.run?.tokensDelivered ?? this.finalTokens;
  }

  get done(): boolean {
    return this.run === undefined;
  }

  /** It ended with an error (a cancel, or a client that went away, is none). */
  get failed(): boolean {
    const outcome = this.outcome;
    return (
      outcome !== undefined && outcome !== 'ok' && outcome !== 'cancelled' && outcome !== 'client_closed'
    );
  }

  /** What the page shows of the task now. */
  summary(): UiTaskSummary {
    const run = this.run;
    const replicaId = run?.replicaId ?? this.finalReplicaId;
    const phase: UiTaskPhase = run?.phase ?? 'done';
    const summary: UiTaskSummary = {
      handle: this.handle,
      task_id: this.taskId,
      model: this.model,
      pool_id: this.poolId,
      priority: this.priority,
      phase,
      tokens: this.tokens,
      started_at: this.startedAt,
      attempts: run?.attempts ?? this.finalAttempts,
    };
    if (replicaId !== undefined) summary.replica_id = replicaId;
    if (this.endedAt !== undefined) summary.ended_at = this.endedAt;
    if (this.outcome !== undefined) summary.outcome = this.outcome;
    if (this.errorMessage !== undefined) summary.error_message = this.errorMessage;
    return summary;
  }

  queued(position: number): void {
    this.enqueuedAt = Date.now();
    this.timeline.push({ at: this.enqueuedAt, kind: 'queued', position });
    this.list.queueChanged(this.poolId);
  }

  phaseChanged(): void {
    if (this.enqueuedAt !== undefined && this.run?.phase !== 'queued') {
      this.enqueuedAt = undefined;
      this.list.queueChanged(this.poolId);
    }
    this.list.published(this);
  }

  attemptStarted(replicaId: string, attempt: number): void {
    this.timeline.push({ at: Date.now(), kind: 'attempt', replica_id: replicaId, attempt });
  }

  attemptRetried(replicaId: string, attempt: number, error: TaskError): void {
    this.timeline.push({
      at: Date.now(),
      kind: 'retry',
      replica_id: replicaId,
      attempt,
      error: this.errorOf(error.code, error.message, replicaId),
    });
  }

  failingOver(replicaId: string, error: TaskError, resumedAtToken: number): void {
    this.timeline.push({
      at: Date.now(),
      kind: 'failover',
      replica_id: replicaId,
      error: this.errorOf(error.code, error.message, replicaId),
      resumed_at_token: resumedAtToken,
    });
  }

  firstToken(): void {
    const at = Date.now();
    this.timeline.push({ at, kind: 'token_first', replica_id: this.run?.replicaId });
    this.list.firstToken(at - this.startedAt);
    const started = this.run?.startedEvent;
    if (started !== undefined) {
      this.stamp = {
        engine: started.engine,
        engine_version: started.engine_version,
        seed: started.seed,
        ...(started.model_digest === undefined ? {} : { model_digest: started.model_digest }),
        ...(started.sampler_profile_version === undefined
          ? {}
          : { sampler_profile_version: started.sampler_profile_version }),
      };
    }
  }

  watch(client: TaskClient): TaskClient {
    return new RecordingTaskClient(client, (event) => this.sent(event));
  }

  /** One event the client received: kept for replay while recording, written to the per-task streams. */
  sent(event: StreamEvent): void {
    const log = this.log;
    if (log !== undefined) {
      if (log.length < MAX_REPLAY_EVENTS) log.push(event);
      else this.logCut = true;
    }
    if (this.streams.size > 0) {
      const frame = encodeTaskEvent(event);
      for (const stream of this.streams) if (!stream.send(frame)) this.closeStream(stream);
    }
  }

  ended(terminal: StreamEvent | undefined): void {
    const run = this.run;
    if (run === undefined) return;
    this.finalTokens = run.tokensDelivered;
    this.finalAttempts = run.attempts;
    this.finalReplicaId = run.replicaId;
    this.run = undefined;
    this.endedAt = Date.now();
    this.terminal = terminal;
    if (terminal === undefined) this.outcome = 'client_closed';
    else if (terminal.type === 'error') {
      this.outcome = terminal.code;
      this.errorMessage = this.errorOf(terminal.code, terminal.message, this.finalReplicaId).message;
    } else if (terminal.type === 'end') {
      this.outcome = terminal.finish_reason === 'cancelled' ? 'cancelled' : 'ok';
    }
    const entry: UiTimelineEntry = { at: this.endedAt, kind: 'terminal', outcome: this.outcome };
    if (terminal?.type === 'error') entry.error = { code: terminal.code, message: this.errorMessage ?? '' };
    this.timeline.push(entry);
    if (this.enqueuedAt !== undefined) {
      this.enqueuedAt = undefined;
      this.list.queueChanged(this.poolId);
    }
    this.list.ended(this);
    for (const stream of [...this.streams]) this.closeStream(stream);
  }

  /** Aborts the running task (a cancel from the page); false once it has ended. */
  cancel(reason: TaskError): boolean {
    if (this.run === undefined) return false;
    this.run.abort(reason);
    return true;
  }

  /** The delivered text (`ui.keep_prompts` only). */
  output(): string | undefined {
    if (!this.list.keepPrompts || this.log === undefined) return undefined;
    let text = '';
    for (const event of this.log) if (event.type === 'token') text += event.t;
    return text;
  }

  /**
   * Adds a per-task stream: it gets the events kept so far, then the live ones; a finished task's stream ends
   * after its replay. A task that was not recording starts now (the stream first says from which token).
   */
  openStream(stream: UiSubscriber): void {
    if (this.log === undefined) {
      this.log = [];
      // Nothing was sent before the task committed: a log started while it waits or opens is whole.
      if (this.done || this.run?.startedEvent !== undefined) this.tokensBeforeLog = this.tokens;
    }
    let replay =
      this.tokensBeforeLog === undefined
        ? ''
        : `: replay is partial; ${this.tokensBeforeLog} token events were sent before it\n\n`;
    for (const event of this.log) replay += encodeTaskEvent(event);
    if (this.logCut) replay += `: replay cut after ${MAX_REPLAY_EVENTS} events\n\n`;
    // A task refused before it streamed, or whose log was dropped, still ends its replay with its terminal.
    if (this.done && this.terminal !== undefined && !this.log.includes(this.terminal)) {
      replay += encodeTaskEvent(this.terminal);
    }
    if (!stream.send(replay) || this.done) {
      stream.close();
      return;
    }
    this.streams.add(stream);
  }

  /** Removes a per-task stream whose connection closed. */
  closeStream(stream: UiSubscriber): void {
    if (this.streams.delete(stream)) stream.close();
  }

  /** Forgets the replay log (the global budget of kept events ran out). */
  dropLog(): void {
    this.log = undefined;
  }

  private errorOf(code: string, message: string, replicaId: string | undefined) {
    return { code, message: this.list.redact(redactEngineAddresses(message, replicaId)) };
  }
}
