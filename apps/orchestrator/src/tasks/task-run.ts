import {
  type ErrorEvent,
  type StartedEvent,
  type StreamEvent,
  type Task,
  TaskError,
  toTaskError,
} from '@orch/adapter-api';
import { holdPoolEngine, type PoolEngineHold } from '../engines/hold-pool-engine.js';
import type { Logger } from '../logging/logger.js';
import type { Metrics } from '../metrics/create-metrics.js';
import type { HistogramSeries } from '../metrics/fast-histogram.js';
import type { TaskLabels } from '../metrics/metric-labels.js';
import type { Pool } from '../pools/pool.js';
import type { Replica } from '../pools/replica.js';
import { computeBackoff } from '../resilience/compute-backoff.js';
import type { QueueWaiter } from '../scheduling/admission-queue.js';
import { chooseReplica } from '../scheduling/choose-replica.js';
import { deterministicReplicas } from './assess-replica-determinism.js';
import { completeDeterminismStamp } from './complete-determinism-stamp.js';
import { duplicateTaskIdError } from './duplicate-task-id-error.js';
import type { RunningTask, RunningTaskRegistry } from './running-task-registry.js';
import { createStructuredOutputCheck, type StructuredOutputCheck } from './structured-output.js';
import { type AttemptOwner, TaskAttempt } from './task-attempt.js';
import type { TaskClient, TaskClientListener } from './task-client.js';
import type { TaskRecord } from './task-record.js';
import type { TaskRecorder } from './task-recorder.js';

/**
 * Where a task is in its life: waiting for a slot (or its engine), opening an attempt (nothing sent yet, so a
 * failure may be retried elsewhere), streaming to the client, failing over (a strict task regenerating its
 * delivered tokens on another replica), or done.
 */
export type TaskPhase = 'queued' | 'opening' | 'streaming' | 'failing_over' | 'done';

/** What a task needs from the composition root. */
export interface TaskRunDeps {
  metrics: Metrics;
  logger: Logger;
  registry: RunningTaskRegistry;
  /** Records tasks for the status page (`ui`); absent: nothing is recorded. */
  ui?: TaskRecorder;
}

/** How the task ended before anything was streamed: the route answers it with the dialect's refusal. */
export type FirstAnswer = { kind: 'streaming' } | { kind: 'refused'; error: TaskError };

/** The stamp fields that decide an answer; a replica reporting other values cannot reproduce it. */
const STAMP_FIELDS = ['engine', 'engine_version', 'model_digest', 'sampler_profile_version', 'seed'] as const;

function errorOf(event: ErrorEvent): TaskError {
  return new TaskError(event.code, event.message, {
    retriable: event.retriable,
    ...(event.retry_after_ms === undefined ? {} : { retryAfterMs: event.retry_after_ms }),
  });
}

function mismatch(detail: string): TaskError {
  return new TaskError(
    'failover_mismatch',
    `The task could not fail over without changing its text: ${detail}. It ends here rather than guess.`,
  );
}

/**
 * The one owner of a task, from admission to its terminal event (ORCH-RES-010…, ORCH-DET-050…). It holds the
 * task's abort reason (and signal), its deadline, its one phase timer (queue wait, time to first token, idle, backoff),
 * its slot, every metric update and the single close. Adapters push events into its current attempt; the retry
 * loop exists once and serves both opening (before the first token) and the strict failover (after it). The
 * route only parses, admits and hands over the client.
 */
export class TaskRun implements RunningTask, QueueWaiter, AttemptOwner, TaskClientListener {
  /** Why the task was aborted; set once (cancel, disconnect, deadline, shutdown, queue timeout). */
  private abortedWith: TaskError | undefined;
  /** Made only when something waits on the task's signal (a managed engine's load): most tasks need none. */
  private controller: AbortController | undefined;
  readonly admittedAt = performance.now();
  readonly logger: Logger;
  private currentPhase: TaskPhase = 'queued';
  /** The status page's record of the task; undefined when nothing records tasks. */
  private readonly uiRecord: TaskRecord | undefined;
  /** Tasks ahead of this one at admission. */
  queuePosition = 0;
  /** Wait predicted at admission, ms (queued tasks only). */
  predictedStartMs: number | undefined;
  /** Time spent waiting for a slot (and its engine), ms (tasks that waited only). */
  queuedMs: number | undefined;
  /** Resolves once the answer begins (streaming or waiting) or the task is refused before it did. */
  readonly firstAnswer: Promise<FirstAnswer>;

  private settleFirstAnswer: (answer: FirstAnswer) => void = () => {};
  /** The route has its first answer (it stopped waiting): later outcomes go to the client. */
  private answerBegun = false;
  private client: TaskClient | undefined;
  private readonly closeHooks: (() => void)[] = [];
  private readonly deadlineTimer: NodeJS.Timeout | undefined;
  private phaseTimer: NodeJS.Timeout | undefined;
  private holdsSlot = false;
  private engineHold: PoolEngineHold | undefined;
  private waitStartedAt: number | undefined;
  private attempt: TaskAttempt | undefined;
  private attemptNumber = 0;
  /** Replicas tried while opening; while failing over, the replicas that failed the task mid-stream. */
  private tried = new Set<Replica>();
  private readonly failedMidStream = new Set<Replica>();
  /** The replica whose failure started the current failover. */
  private failedOverFrom: Replica | undefined;
  private lastFailure: TaskError | undefined;
  private failoverTries = 0;
  /** The opening attempt's `started`, sent with its first token; then the `started` the client received. */
  private started: StartedEvent | undefined;
  private readonly bufferedBeforeFirstToken: StreamEvent[] = [];
  private delivered = 0;
  /** Texts of the delivered token events, kept for strict tasks only (what a failover must reproduce). */
  private readonly deliveredTexts: string[] = [];
  private verified = 0;
  private firstTokenAt: number | undefined;
  private lastEventAt = 0;
  private paused = false;
  /** The client closed its connection (as opposed to a cancel call): its code is `client_closed`. */
  private clientLeft = false;
  private labels: TaskLabels | undefined;
  /** The inter-token histogram's series of this task, resolved once when it commits (nothing per token). */
  private interTokenSeries: HistogramSeries | undefined;
  private lastTokenAt = 0;
  /** When the first attempt's engine request was made, and time spent on engine work before admission. */
  private firstSubmitAt: number | undefined;
  private engineWaitBeforeAdmissionMs = 0;
  private readonly checkStructuredOutput: StructuredOutputCheck;
  /** The task as adapters receive it: the task itself unless its id had to be made unique (see the registry). */
  private readonly engineTask: Task;
  /** The fleet's answer on the task's id: false when its owner runs it on another instance (ORCH-CLU-025). */
  private readonly idUnique: Promise<boolean>;
  /** The terminal event of a committed stream, set before the close hooks run (they charge its tokens). */
  terminal: StreamEvent | undefined;

  constructor(
    readonly task: Task,
    readonly pool: Pool,
    private readonly deps: TaskRunDeps,
    /** The API the task came through (`native`, `openai`), on every log line of the task. */
    api = 'native',
    /** Who submitted the task: only they can address it by id (ORCH-SEC-004). */
    readonly owner?: string,
  ) {
    this.logger = deps.logger.child({ task_id: task.task_id, pool_id: pool.id, api });
    this.firstAnswer = new Promise((resolve) => {
      this.settleFirstAnswer = resolve;
    });
    const { engineTaskId, unique } = deps.registry.add(this);
    // Another owner runs a task with the same id: the engines see a distinct one, the client never does.
    this.engineTask = engineTaskId === task.task_id ? task : { ...task, task_id: engineTaskId };
    this.idUnique = unique;
    if (task.deadline_ms !== undefined) {
      const deadline = task.deadline_ms;
      this.deadlineTimer = setTimeout(
        () =>
          this.abort(new TaskError('deadline_exceeded', `The task's deadline of ${deadline} ms elapsed.`)),
        deadline,
      );
      this.deadlineTimer.unref();
    }
    this.checkStructuredOutput = createStructuredOutputCheck(task, this.logger);
    this.uiRecord = deps.ui?.open(this);
  }

  /** Where the task is in its life. */
  get phase(): TaskPhase {
    return this.currentPhase;
  }

  private set phase(phase: TaskPhase) {
    this.currentPhase = phase;
    if (phase !== 'done') this.uiRecord?.phaseChanged();
  }

  /** Token events delivered to the client so far. */
  get tokensDelivered(): number {
    return this.delivered;
  }

  /** The replica of the current (or last) attempt. */
  get replicaId(): string | undefined {
    return this.attempt?.replica.id;
  }

  /** The `started` event the client received (its determinism stamp); undefined before the first token. */
  get startedEvent(): StartedEvent | undefined {
    return this.labels === undefined ? undefined : this.started;
  }

  get taskId(): string {
    return this.task.task_id;
  }

  get poolId(): string {
    return this.pool.id;
  }

  get priority() {
    return this.task.priority;
  }

  /** The signal managed engines observe while a task waits for them. */
  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.abortedWith !== undefined) this.controller.abort(this.abortedWith);
    }
    return this.controller.signal;
  }

  /** Why the task was aborted, if it was. */
  get abortReason(): TaskError | undefined {
    return this.abortedWith;
  }

  /** Attempts made so far (more than one: the orchestrator already retried on other replicas). */
  get attempts(): number {
    return this.attemptNumber;
  }

  private get strict(): boolean {
    return this.task.determinism === 'strict';
  }

  /** Runs `hook` when the task ends (a per-client stream, an engine hold). */
  onClose(hook: () => void): void {
    this.closeHooks.push(hook);
  }

  /** The client's side of the answer; set once, before {@link admit}. */
  attach(client: TaskClient): void {
    this.client = this.uiRecord?.watch(client) ?? client;
  }

  private resolveFirstAnswer(answer: FirstAnswer): void {
    if (this.answerBegun) return;
    this.answerBegun = true;
    this.settleFirstAnswer(answer);
  }

  // ── admission ─────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Waits for the fleet's answer on the task's id (at once without a fleet); throws `duplicate_task_id` when its
   * owner already runs it on another instance (ORCH-CLU-025). Call before {@link admit}.
   */
  async confirmUniqueId(): Promise<void> {
    if (!(await this.idUnique)) throw duplicateTaskIdError(this.taskId);
  }

  /**
   * Takes a slot at once or a place in the queue; throws `no_ready_replica` or `queue_full` (nothing held). A task
   * that already ended (aborted while its id or context was checked) takes nothing.
   */
  admit(): void {
    if (this.phase === 'done') return;
    const { pool } = this;
    if (pool.capacity === 0)
      throw new TaskError('no_ready_replica', `No replica of pool "${pool.id}" is ready.`);
    const entered = pool.queue.enter(this);
    if (typeof entered === 'number') {
      this.admitted(entered);
      return;
    }
    // A fleet-wide admission answers after a round trip to Redis; an abort meanwhile already ended the task.
    entered.then(
      (position) => {
        if (this.phase === 'queued' && this.abortedWith === undefined) this.admitted(position);
      },
      (error: unknown) => this.fail(toTaskError(error)),
    );
  }

  private admitted(position: number): void {
    const { pool } = this;
    this.queuePosition = position;
    this.logger.info('task admitted', {
      priority: this.task.priority,
      max_tokens: this.task.max_tokens,
      queue_position: position,
    });
    // A managed engine may have to load first (lazy start, swap): then the answer begins at once and says so.
    this.engineHold = holdPoolEngine(this);
    if (position === 0) {
      this.holdsSlot = true;
      if (this.engineHold?.loading === true) {
        this.waitStartedAt = performance.now();
        this.beginWaiting(this.engineHold.comment);
      }
      this.whenEngineReady();
      return;
    }
    this.predictedStartMs = pool.predictWaitMs(position);
    this.waitStartedAt = performance.now();
    this.uiRecord?.queued(position);
    const timeoutMs = pool.config.queue.timeout_ms;
    this.armPhaseTimer(timeoutMs, () =>
      this.abort(new TaskError('queue_timeout', `The task waited ${timeoutMs} ms for a free slot.`)),
    );
    this.beginWaiting(`queued position=${position} predicted_start_ms=${this.predictedStartMs}`);
  }

  /** The queue granted a slot. */
  grant(): void {
    if (this.phase === 'done') {
      this.pool.queue.release(this);
      return;
    }
    clearTimeout(this.phaseTimer);
    this.holdsSlot = true;
    this.whenEngineReady();
  }

  private beginWaiting(notice: string): void {
    this.client?.wait(notice);
    this.resolveFirstAnswer({ kind: 'streaming' });
  }

  private whenEngineReady(): void {
    const hold = this.engineHold;
    if (hold === undefined) {
      this.open();
      return;
    }
    hold.ready.then(
      () => {
        if (this.phase === 'queued') this.open();
      },
      (error: unknown) => {
        if (this.phase === 'queued') this.fail(this.abortReason ?? toTaskError(error));
      },
    );
  }

  // ── opening and the retry loop ─────────────────────────────────────────────────────────────────────────────

  private open(): void {
    if (this.waitStartedAt !== undefined) this.queuedMs = performance.now() - this.waitStartedAt;
    this.deps.metrics.queueWait.observe(
      { pool_id: this.poolId, priority: this.task.priority },
      (this.queuedMs ?? 0) / 1000,
    );
    this.phase = 'opening';
    this.startAttempt();
  }

  private candidates(): readonly Replica[] {
    // Strict tasks run, and retry, only on deterministic replicas (ORCH-DET-043).
    return this.strict ? deterministicReplicas(this.pool) : this.pool.replicas;
  }

  private startAttempt(): void {
    const abort = this.abortReason;
    if (abort !== undefined) {
      this.endWith(abort);
      return;
    }
    const replica = this.leasedReplica() ?? chooseReplica(this.candidates(), this.tried);
    if (replica === undefined) {
      if (this.phase === 'failing_over') {
        this.endWith(this.exhaustedFailover(this.lastFailure as TaskError));
        return;
      }
      const kind = this.strict ? 'deterministic replica' : 'replica';
      this.endWith(
        this.lastFailure ??
          new TaskError('no_ready_replica', `No ${kind} of pool "${this.poolId}" is ready.`),
      );
      return;
    }
    this.tried.add(replica);
    this.attemptNumber += 1;
    const attempt = new TaskAttempt(this, replica, this.attemptNumber);
    this.attempt = attempt;
    this.uiRecord?.attemptStarted(replica.id, attempt.number);
    this.firstSubmitAt ??= attempt.startedAt;
    this.verified = 0;
    this.started = this.phase === 'failing_over' ? this.started : undefined;
    this.bufferedBeforeFirstToken.length = 0;
    const ttftMs = this.pool.config.timeouts.ttft_ms;
    this.lastEventAt = performance.now();
    this.armPhaseTimer(ttftMs, () => this.attemptTimedOut(attempt, 'ttft_timeout', ttftMs));
    attempt.start(replica.adapter.submit(this.engineTask, { signal: attempt.controller.signal }));
  }

  /** The first attempt goes to the replica whose slot a fleet-wide admission leased, while it accepts tasks. */
  private leasedReplica(): Replica | undefined {
    if (this.attemptNumber > 0 || this.pool.queue.replicaOf === undefined) return undefined;
    const id = this.pool.queue.replicaOf(this);
    return this.candidates().find((replica) => replica.id === id && replica.acceptsTasks);
  }

  /**
   * An attempt failed before the client saw anything of it (opening), or before it reproduced the delivered
   * tokens (failing over): try another replica after a backoff, or end the task with the failure.
   */
  private retryOrEnd(attempt: TaskAttempt, error: TaskError): void {
    const failure = attempt.abortReason ?? error;
    attempt.finish(failure);
    clearTimeout(this.phaseTimer);
    const abort = this.abortReason;
    if (abort !== undefined) {
      this.endWith(abort);
      return;
    }
    const failingOver = this.phase === 'failing_over';
    if (failure.code === 'failover_mismatch' || !failure.retriable) {
      this.endWith(failure);
      return;
    }
    const retry = this.pool.config.retry;
    let backoffStep = attempt.number;
    if (failingOver) {
      this.failoverTries += 1;
      this.logger.warn('failover attempt failed before reaching the resume point', {
        replica_id: attempt.replica.id,
        code: failure.code,
        error: failure.message,
      });
      this.lastFailure = failure;
      this.uiRecord?.attemptRetried(attempt.replica.id, attempt.number, failure);
      if (this.failoverTries >= retry.max_attempts) {
        this.endWith(this.exhaustedFailover(failure));
        return;
      }
      // A replica that failed before it even started (a dropped keep-alive connection) may be tried again.
      if (attempt.sawStarted) {
        this.startAttempt();
        return;
      }
      this.tried.delete(attempt.replica);
      backoffStep = this.failoverTries;
    } else {
      // No untried replica left: there is no retry to count, log or wait for (a lone replica answers at once).
      if (
        attempt.number >= retry.max_attempts ||
        chooseReplica(this.candidates(), this.tried) === undefined
      ) {
        this.endWith(failure);
        return;
      }
      this.lastFailure = failure;
      this.deps.metrics.taskRetries.inc({
        pool_id: this.poolId,
        replica_id: attempt.replica.id,
        code: failure.code,
      });
      this.uiRecord?.attemptRetried(attempt.replica.id, attempt.number, failure);
      this.logger.warn('attempt failed before the first token', {
        replica_id: attempt.replica.id,
        attempt: attempt.number,
        code: failure.code,
        error: failure.message,
      });
    }
    const backoffMs = computeBackoff(backoffStep, failure.retryAfterMs, {
      baseMs: retry.base_ms,
      maxMs: retry.max_ms,
    });
    this.armPhaseTimer(backoffMs, () => this.startAttempt());
  }

  private exhaustedFailover(failure: TaskError): TaskError {
    return new TaskError(
      failure.code,
      `${failure.message} No other deterministic replica of pool "${this.poolId}" could resume the task.`,
      {
        retriable: failure.retriable,
        ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
      },
    );
  }

  // ── events of the current attempt ─────────────────────────────────────────────────────────────────────────

  onAttemptEvent(attempt: TaskAttempt, event: StreamEvent): void {
    if (attempt !== this.attempt) return;
    this.lastEventAt = performance.now();
    // Before the client has seen this attempt, anything after its abort (a timeout) is that failure.
    const aborted = attempt.abortReason;
    if (aborted !== undefined && (this.phase === 'opening' || this.phase === 'failing_over')) {
      this.retryOrEnd(attempt, aborted);
      return;
    }
    switch (this.phase) {
      case 'opening':
        this.onOpeningEvent(attempt, event);
        return;
      case 'streaming':
        this.onStreamingEvent(attempt, event);
        return;
      case 'failing_over':
        this.onReplayEvent(attempt, event);
        return;
      default:
        return;
    }
  }

  onAttemptFailure(attempt: TaskAttempt, error: TaskError): void {
    if (attempt !== this.attempt) return;
    if (this.phase === 'opening' || this.phase === 'failing_over') {
      this.retryOrEnd(attempt, error);
      return;
    }
    if (this.phase !== 'streaming') return;
    // After the first token the adapter broke the contract (a throw, a bare close, a hang after an abort).
    const failure =
      attempt.abortReason ??
      (error.code === 'stream_truncated'
        ? new TaskError(
            'stream_truncated',
            `Replica "${attempt.replica.id}" closed the stream without a terminal event.`,
          )
        : error);
    this.onStreamingEvent(attempt, this.terminalFor(failure));
  }

  private onOpeningEvent(attempt: TaskAttempt, event: StreamEvent): void {
    const { replica } = attempt;
    if (this.sentBeforeStarted(attempt, event)) return;
    switch (event.type) {
      case 'started': {
        const started: StartedEvent = {
          ...completeDeterminismStamp(event, replica),
          task_id: this.taskId,
          pool_id: this.poolId,
          replica_id: replica.id,
          queue_position: this.queuePosition,
          attempt: attempt.number,
        };
        if (this.queuedMs !== undefined) started.queued_ms = Math.round(this.queuedMs);
        if (this.predictedStartMs !== undefined) started.predicted_start_ms = this.predictedStartMs;
        this.started = started;
        return;
      }
      case 'error':
        this.retryOrEnd(attempt, errorOf(event));
        return;
      case 'metrics':
        this.bufferedBeforeFirstToken.push(event);
        return;
      default:
        this.commit(attempt);
        this.onStreamingEvent(attempt, event);
    }
  }

  /** An adapter that sends anything but `started` (or an error) first broke the contract: that attempt failed. */
  private sentBeforeStarted(attempt: TaskAttempt, event: StreamEvent): boolean {
    if (attempt.sawStarted || event.type === 'error') return false;
    this.retryOrEnd(
      attempt,
      new TaskError(
        'internal',
        `Adapter of replica "${attempt.replica.id}" sent "${event.type}" before "started".`,
      ),
    );
    return true;
  }

  /** The first token (or the end) of an attempt: from here on the client hears the task. */
  private commit(attempt: TaskAttempt): void {
    const started = this.started as StartedEvent;
    this.phase = 'streaming';
    const labels: TaskLabels = {
      engine: attempt.replica.engine,
      engine_version: started.engine_version,
      pool_id: this.poolId,
      replica_id: attempt.replica.id,
      priority: this.task.priority,
    };
    this.labels = labels;
    const { metrics } = this.deps;
    metrics.tasksStarted.inc(labels);
    metrics.tasksInFlight.inc(this.inFlightLabels());
    this.interTokenSeries = metrics.interTokenLatency.series(labels);
    // The determinism stamp, one line per task (ORCH-DET-003).
    this.logger.info('task started', {
      replica_id: attempt.replica.id,
      attempt: attempt.number,
      engine: started.engine,
      engine_version: started.engine_version,
      model_digest: started.model_digest,
      sampler_profile_version: started.sampler_profile_version,
      seed: started.seed,
      determinism: this.task.determinism ?? 'best_effort',
      queue_position: started.queue_position,
    });
    const idleMs = this.pool.config.timeouts.idle_ms;
    this.armPhaseTimer(idleMs, () => this.checkIdle(idleMs));
    const client = this.client as TaskClient;
    client.send(started);
    for (const event of this.bufferedBeforeFirstToken) client.send(event);
    this.bufferedBeforeFirstToken.length = 0;
    this.resolveFirstAnswer({ kind: 'streaming' });
  }

  private onStreamingEvent(attempt: TaskAttempt, event: StreamEvent): void {
    const client = this.client as TaskClient;
    switch (event.type) {
      case 'token': {
        const token =
          event.i === this.delivered ? event : { type: 'token' as const, i: this.delivered, t: event.t };
        if (this.strict) this.deliveredTexts.push(event.t);
        this.delivered += 1;
        if (this.firstTokenAt === undefined) {
          this.firstTokenAt = performance.now();
          this.uiRecord?.firstToken();
          this.deps.metrics.timeToFirstToken.observe(
            this.labels as TaskLabels,
            (this.firstTokenAt - this.admittedAt) / 1000,
          );
        } else {
          // The gap since the previous token event, on the cached series: no label lookup per token.
          this.interTokenSeries?.observe((this.lastEventAt - this.lastTokenAt) / 1000);
        }
        this.lastTokenAt = this.lastEventAt;
        client.send(this.checkStructuredOutput(token));
        return;
      }
      case 'metrics':
        client.send(event);
        return;
      case 'end': {
        const reason = attempt.abortReason;
        if (event.finish_reason === 'cancelled' && reason !== undefined && reason.code !== 'cancelled') {
          this.finish(reason.toEvent(this.delivered));
          return;
        }
        this.finish(this.checkStructuredOutput(event));
        return;
      }
      case 'error': {
        const terminal =
          event.tokens_delivered === this.delivered ? event : { ...event, tokens_delivered: this.delivered };
        // Strict tasks fail over on a retriable failure of the replica; never on the task's own abort.
        if (this.strict && terminal.retriable && this.abortReason === undefined) {
          this.failOver(attempt, terminal);
          return;
        }
        this.finish(terminal);
        return;
      }
      case 'started':
        return;
    }
  }

  // ── strict failover ───────────────────────────────────────────────────────────────────────────────────────

  /**
   * Moves a strict task to another deterministic replica: it regenerates the task there with the same seed, and
   * only once that replica has reproduced every delivered token does anything more reach the client
   * (ORCH-DET-050, ORCH-DET-051); the regenerated copies are dropped.
   */
  private failOver(from: TaskAttempt, failed: ErrorEvent): void {
    const failure = errorOf(failed);
    from.abort(failure);
    from.finish(failure);
    this.failedMidStream.add(from.replica);
    this.failedOverFrom = from.replica;
    this.tried = new Set(this.failedMidStream);
    this.failoverTries = 0;
    this.lastFailure = failure;
    this.uiRecord?.failingOver(from.replica.id, failure, this.delivered);
    this.phase = 'failing_over';
    this.logger.warn('strict task failing over', {
      replica_id: from.replica.id,
      code: failed.code,
      error: failed.message,
      resumed_at_token: this.delivered,
    });
    this.startAttempt();
  }

  private onReplayEvent(attempt: TaskAttempt, event: StreamEvent): void {
    const { replica } = attempt;
    const idleMs = this.pool.config.timeouts.idle_ms;
    this.armPhaseTimer(idleMs, () => this.attemptTimedOut(attempt, 'idle_timeout', idleMs));
    if (this.sentBeforeStarted(attempt, event)) return;
    switch (event.type) {
      case 'started': {
        const candidate = completeDeterminismStamp(event, replica);
        const original = this.started as StartedEvent;
        for (const field of STAMP_FIELDS) {
          if (candidate[field] !== original[field]) {
            this.retryOrEnd(
              attempt,
              mismatch(
                `replica "${replica.id}" reports ${field} ${String(candidate[field])}, the task started with ${String(original[field])}`,
              ),
            );
            return;
          }
        }
        if (this.deliveredTexts.length === 0) this.resumed(attempt);
        return;
      }
      case 'error':
        this.retryOrEnd(attempt, errorOf(event));
        return;
      case 'token': {
        const expected = this.deliveredTexts[this.verified];
        if (event.t !== expected) {
          this.retryOrEnd(
            attempt,
            mismatch(
              `replica "${replica.id}" regenerated token ${this.verified} as ${JSON.stringify(event.t)}, ${JSON.stringify(expected)} was delivered`,
            ),
          );
          return;
        }
        this.verified += 1;
        if (this.verified === this.deliveredTexts.length) this.resumed(attempt);
        return;
      }
      case 'end':
        this.retryOrEnd(
          attempt,
          mismatch(
            `replica "${replica.id}" ended after ${this.verified} token events; ${this.deliveredTexts.length} were delivered`,
          ),
        );
        return;
      case 'metrics':
        return;
    }
  }

  /** The new replica reproduced every delivered token: it carries on, and the client gets one note. */
  private resumed(attempt: TaskAttempt): void {
    const from = this.failedOverFrom as Replica;
    const { metrics } = this.deps;
    metrics.tasksInFlight.dec(this.inFlightLabels());
    this.labels = { ...(this.labels as TaskLabels), replica_id: attempt.replica.id };
    metrics.tasksInFlight.inc(this.inFlightLabels());
    this.interTokenSeries = metrics.interTokenLatency.series(this.labels);
    this.phase = 'streaming';
    const idleMs = this.pool.config.timeouts.idle_ms;
    this.armPhaseTimer(idleMs, () => this.checkIdle(idleMs));
    const note = { from_replica: from.id, to_replica: attempt.replica.id, resumed_at_token: this.delivered };
    this.logger.info('strict task failed over', { ...note, attempt: attempt.number });
    (this.client as TaskClient).send({
      type: 'metrics',
      note: `failover: replica "${note.from_replica}" failed; "${note.to_replica}" reproduced the ${note.resumed_at_token} delivered tokens and continues`,
      failover: note,
    });
  }

  // ── timers ────────────────────────────────────────────────────────────────────────────────────────────────

  private armPhaseTimer(ms: number, onFire: () => void): void {
    clearTimeout(this.phaseTimer);
    this.phaseTimer = setTimeout(onFire, ms);
  }

  private attemptTimedOut(attempt: TaskAttempt, code: 'ttft_timeout' | 'idle_timeout', ms: number): void {
    if (attempt !== this.attempt || attempt.isFinished) return;
    const message =
      code === 'ttft_timeout'
        ? this.phase === 'failing_over'
          ? `Replica "${attempt.replica.id}" sent nothing for ${ms} ms while replaying.`
          : `No first token from replica "${attempt.replica.id}" within ${ms} ms.`
        : `Replica "${attempt.replica.id}" sent nothing for ${ms} ms while replaying.`;
    attempt.abort(new TaskError(code, message));
  }

  /**
   * The idle timer while streaming is re-armed lazily from the time of the last event (no timer work per token).
   * A paused stream is silent because the client reads slowly: that is never the replica's idle timeout.
   */
  private checkIdle(idleMs: number): void {
    const attempt = this.attempt;
    if (this.phase !== 'streaming' || attempt === undefined) return;
    const now = performance.now();
    if (this.paused) this.lastEventAt = now;
    const silentMs = now - this.lastEventAt;
    if (silentMs < idleMs) {
      this.armPhaseTimer(Math.max(1, idleMs - silentMs), () => this.checkIdle(idleMs));
      return;
    }
    attempt.abort(
      new TaskError('idle_timeout', `Replica "${attempt.replica.id}" sent nothing for ${idleMs} ms.`),
    );
  }

  // ── the client ────────────────────────────────────────────────────────────────────────────────────────────

  pauseEngine(): void {
    this.paused = true;
    this.attempt?.pause();
  }

  resumeEngine(): void {
    if (!this.paused) return;
    this.paused = false;
    this.lastEventAt = performance.now();
    this.attempt?.resume();
  }

  clientGone(): void {
    if (this.phase === 'done') return;
    this.clientLeft = true;
    this.abort(new TaskError('cancelled', 'The client closed the connection.'));
    if (this.phase === 'streaming' || this.phase === 'failing_over') this.finish(undefined);
  }

  /** Aborts the task (cancel, disconnect, deadline, shutdown); the reason becomes its end. */
  abort(reason: TaskError): void {
    if (this.abortedWith !== undefined || this.phase === 'done') return;
    this.abortedWith = reason;
    this.controller?.abort(reason);
    switch (this.phase) {
      case 'queued':
        this.pool.queue.leave(this);
        this.endWith(reason);
        return;
      case 'opening':
      case 'failing_over':
        if (this.attempt === undefined || this.attempt.isFinished) this.endWith(reason);
        else this.attempt.abort(reason);
        return;
      case 'streaming':
        this.attempt?.abort(reason);
        return;
      default:
        return;
    }
  }

  // ── the end ───────────────────────────────────────────────────────────────────────────────────────────────

  /** A cancel is a normal end (`finish_reason: "cancelled"`); every other failure is a typed error. */
  private terminalFor(failure: TaskError): StreamEvent {
    return failure.code === 'cancelled'
      ? { type: 'end', finish_reason: 'cancelled', finish_reason_raw: 'cancelled' }
      : failure.toEvent(this.delivered);
  }

  /** Ends the task with a failure: refused or failed before it started, or the terminal of a committed stream. */
  private endWith(failure: TaskError): void {
    if (this.phase === 'streaming' || (this.phase === 'failing_over' && this.labels !== undefined)) {
      this.finish(this.terminalFor(failure));
      return;
    }
    this.fail(failure);
  }

  /** The task ended before its first token: nothing of it was streamed. */
  private fail(failure: TaskError): void {
    if (this.phase === 'done') return;
    const stage = this.phase === 'queued' ? 'waiting' : 'opening';
    this.phase = 'done';
    this.attempt?.finish(failure);
    this.close();
    // The client gave up (a disconnect or a cancel call): not a refusal, whatever the answer had begun.
    const abandoned = failure.code === 'cancelled' && this.abortedWith?.code === 'cancelled';
    if (abandoned) this.recordAbandoned(stage);
    const client = this.client;
    if (client?.opened === true) {
      // A waiting task's answer had begun: it ends with a lone error.
      if (!abandoned) {
        this.deps.metrics.tasksRejected.inc({ pool_id: this.poolId, code: failure.code });
        this.logger.warn('task failed before it started', { code: failure.code, error: failure.message });
      }
      const terminal = failure.toEvent();
      client.send(terminal);
      client.end();
      this.uiRecord?.ended(terminal);
      return;
    }
    if (this.answerBegun) client?.refuse(failure);
    else this.resolveFirstAnswer({ kind: 'refused', error: failure });
    this.uiRecord?.ended(failure.toEvent());
  }

  /** The single end of a committed stream: the terminal event (or none: the client left), metrics and logs. */
  private finish(terminal: StreamEvent | undefined): void {
    if (this.phase === 'done') return;
    this.phase = 'done';
    const failure = terminal?.type === 'error' ? errorOf(terminal) : undefined;
    const attempt = this.attempt;
    if (attempt !== undefined) {
      if (terminal === undefined && this.abortReason !== undefined) attempt.abort(this.abortReason);
      attempt.finish(failure);
    }
    this.terminal = terminal;
    this.close();
    this.deps.metrics.tasksInFlight.dec(this.inFlightLabels());
    this.record(terminal);
    if (terminal !== undefined) {
      const client = this.client as TaskClient;
      client.send(terminal);
      client.end();
    }
    this.uiRecord?.ended(terminal);
  }

  /** Counts and logs a task its client gave up before its first token (ORCH-MET-012, ORCH-LOG-011). */
  private recordAbandoned(stage: 'waiting' | 'opening'): void {
    const code = this.clientLeft ? 'client_closed' : 'cancelled';
    this.deps.metrics.tasksAbandoned.inc({ pool_id: this.poolId, stage, code });
    this.logger.info('client gave up before the task started', { code, stage });
  }

  /**
   * Engine work done for the task before it was admitted (the context check's token estimate): left out of
   * the orchestrator's overhead (ORCH-MET-011).
   */
  addEngineWaitBeforeAdmission(ms: number): void {
    this.engineWaitBeforeAdmissionMs += ms;
  }

  /**
   * The time the orchestrator itself added to a streamed task (ORCH-MET-011): before the first engine request,
   * less the queue and engine-load wait and the engine work before admission; plus the time from the last
   * attempt's end to now (its terminal event is written next).
   */
  private overheadMs(now: number, attempt: TaskAttempt | undefined): number {
    if (this.firstSubmitAt === undefined || attempt?.endedAt === undefined) return 0;
    const before =
      this.firstSubmitAt - this.admittedAt - (this.queuedMs ?? 0) - this.engineWaitBeforeAdmissionMs;
    return Math.max(0, before) + Math.max(0, now - attempt.endedAt);
  }

  private inFlightLabels(): { engine: string; pool_id: string; replica_id: string } {
    const labels = this.labels as TaskLabels;
    return { engine: labels.engine, pool_id: labels.pool_id, replica_id: labels.replica_id };
  }

  /** Releases the slot, the timers and the registration; runs once. */
  private close(): void {
    clearTimeout(this.deadlineTimer);
    clearTimeout(this.phaseTimer);
    for (const hook of this.closeHooks) hook();
    this.deps.registry.remove(this);
    if (this.holdsSlot) {
      this.holdsSlot = false;
      this.pool.recordTaskDuration(performance.now() - this.admittedAt - (this.queuedMs ?? 0));
      this.pool.queue.release(this);
    }
  }

  private record(terminal: StreamEvent | undefined): void {
    const { metrics } = this.deps;
    const labels = this.labels as TaskLabels;
    const now = performance.now();
    if (this.firstTokenAt !== undefined)
      metrics.decodeDuration.observe(labels, (now - this.firstTokenAt) / 1000);
    metrics.taskOverhead.observe(labels, this.overheadMs(now, this.attempt) / 1000);
    if (terminal?.type === 'end') {
      if (terminal.tokens_in !== undefined) metrics.tokensIn.inc(labels, terminal.tokens_in);
      if (terminal.tokens_out !== undefined) metrics.tokensOut.inc(labels, terminal.tokens_out);
      if (terminal.finish_reason === 'cancelled') metrics.tasksCancelled.inc(labels);
      else metrics.tasksFinished.inc({ ...labels, finish_reason: terminal.finish_reason });
      this.logger.info('task ended', {
        finish_reason: terminal.finish_reason,
        finish_reason_raw: terminal.finish_reason_raw,
        tokens_in: terminal.tokens_in,
        tokens_out: terminal.tokens_out,
        token_events: this.delivered,
        duration_ms: Math.round(now - this.admittedAt),
      });
    } else if (terminal?.type === 'error') {
      metrics.tasksFailed.inc({ ...labels, code: terminal.code });
      this.logger.warn('task failed', {
        code: terminal.code,
        error: terminal.message,
        token_events: this.delivered,
      });
    } else {
      metrics.tasksCancelled.inc(labels);
      this.logger.info('client went away; task cancelled', {
        code: 'client_closed',
        token_events: this.delivered,
      });
    }
  }
}
