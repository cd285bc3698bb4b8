import { EventEmitter } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { TaskError } from '@orch/adapter-api';
import {
  computeRestartDelay,
  type EngineStatus,
  type EngineSupervisor,
  type SwapGroup,
  SwapGroupError,
  type SwapGroupWaiter,
  type SwappableEngine,
} from '@orch/engine-supervisor';
import type { Logger } from '../logging/logger.js';
import { firstLineOfError } from './first-line-of-error.js';
import type { ResolvedLaunch } from './resolve-launch.js';

/** The supervisor's start timeout when the launch sets none, ms. */
const DEFAULT_START_TIMEOUT_MS = 120_000;

/** How often a swap or idle stop checks whether the tasks still running on the engine have ended, ms. */
const DRAIN_POLL_MS = 50;

/** Options of {@link ManagedEngine.hold}. */
export interface EngineHoldOptions {
  /** Gives up waiting; the rejection is the signal's reason. */
  signal: AbortSignal;
  /** Told the waiter's place in its swap group while it waits (lazy engines). */
  onWait?: (state: SwapGroupWaiter) => void;
}

/** What `/v1/replicas` shows of a managed engine. */
export interface EngineProcessView {
  mode: ResolvedLaunch['mode'];
  /** stopped | starting | ready | stopping | crashed. */
  status: EngineStatus;
  /** Why it is in that status (the crash, the failed start); absent when there is nothing to say. */
  reason: string | undefined;
  pid: number | undefined;
  url: string | undefined;
  /** True while serving through a server that was already running at the configured URL. */
  reused: boolean;
  /** Restarts after crashes since the orchestrator started. */
  restarts: number;
  /** Duration of the last successful start, ms. */
  last_start_ms: number | undefined;
  /** True once restarts were given up (`restart.max_restarts`). */
  gave_up: boolean;
  swap_group: string | undefined;
  variant: string | undefined;
  /** With `cluster`: the instance holding the launch lease, whose engine serves the replica (ORCH-CLU-070). */
  holder?: string | undefined;
}

/** Identity and settings of a managed engine. */
export interface ManagedEngineOptions {
  poolId: string;
  replicaId: string;
  launch: ResolvedLaunch;
  supervisor: EngineSupervisor;
  logger: Logger;
  /** With `cluster`: the instance whose engine serves the replica (from its launch lease). */
  launchHolder?: () => string | undefined;
  /** With `cluster`: the replica's tasks across the fleet, which an idle stop or a swap waits for too. */
  countFleetTasks?: () => Promise<number>;
}

/**
 * One replica's engine process as the orchestrator sees it: started with the orchestrator (persistent) or on
 * demand through its swap group (lazy), never stopped while tasks run on it. Emits `change` whenever its
 * status, its draining or its give-up changes.
 */
export class ManagedEngine extends EventEmitter<{ change: [] }> {
  readonly poolId: string;
  readonly replicaId: string;
  readonly mode: ResolvedLaunch['mode'];
  readonly launch: ResolvedLaunch;
  readonly supervisor: EngineSupervisor;
  /** Tasks in flight on this engine (wired to the replica); a swap or idle stop waits for them. */
  inFlight: () => number = () => 0;
  /** The swap group of a lazy engine (its own, or one shared with others) and its key there. */
  group: SwapGroup | undefined;
  readonly memberKey: string;
  /** What the swap group starts and stops: the supervisor, with a stop that waits for running tasks. */
  readonly member: SwappableEngine;
  readonly #logger: Logger;
  readonly #launchHolder: (() => string | undefined) | undefined;
  readonly #countFleetTasks: () => Promise<number>;
  readonly #closing = new AbortController();
  #draining = false;
  #retryingFirstStart = false;
  #gaveUpFirstStart = false;

  constructor(options: ManagedEngineOptions) {
    super();
    this.poolId = options.poolId;
    this.replicaId = options.replicaId;
    this.launch = options.launch;
    this.mode = options.launch.mode;
    this.supervisor = options.supervisor;
    this.#logger = options.logger;
    this.#launchHolder = options.launchHolder;
    this.#countFleetTasks = options.countFleetTasks ?? (async () => 0);
    this.memberKey = `${options.poolId}/${options.replicaId}`;
    const supervisor = options.supervisor;
    this.member = {
      get status() {
        return supervisor.status;
      },
      get url() {
        return supervisor.url;
      },
      start: () =>
        this.closed
          ? Promise.reject(new TaskError('shutting_down', 'The orchestrator is stopping its engines.'))
          : supervisor.start(),
      stop: () => this.#drainAndStop(),
    };
    const changed = () => this.emit('change');
    // A microtask later: the supervisor schedules its restart right after it reports the crash.
    supervisor.on('status', () => queueMicrotask(changed));
    supervisor.on('gave-up', changed);
  }

  get status(): EngineStatus {
    return this.supervisor.status;
  }

  get url(): string | undefined {
    return this.supervisor.url;
  }

  get closed(): boolean {
    return this.#closing.signal.aborted;
  }

  /** False while a swap or idle stop waits for the last tasks: no new task is placed on the engine. */
  get admitsTasks(): boolean {
    return !this.#draining && !this.closed;
  }

  /**
   * True when the engine is not ready now but will be for a task that waits: a lazy engine is started on
   * demand; a persistent one is starting or waiting for a restart that has not been given up.
   */
  get willServeSoon(): boolean {
    if (this.closed) return false;
    if (this.mode === 'lazy') return true;
    const status = this.supervisor.status;
    if (status === 'ready' || status === 'starting') return true;
    if (this.supervisor.gaveUp || this.#gaveUpFirstStart) return false;
    // A crash restart that is scheduled or under way (its start may have just failed, before the next one is
    // scheduled): tasks wait for it; only giving up fails them (ORCH-LIFE-032).
    return (
      this.supervisor.nextRestartAt !== undefined || this.supervisor.restarting || this.#retryingFirstStart
    );
  }

  /** True when a task may use the engine at once, without a load or a swap first. */
  get servesNow(): boolean {
    if (this.supervisor.status !== 'ready' || !this.admitsTasks) return false;
    if (this.group === undefined) return true;
    const snapshot = this.group.snapshot();
    return snapshot.active === this.memberKey && snapshot.phase === 'ready';
  }

  /** A one-line account of what a waiting task waits for, for the stream's SSE comment. */
  describeWait(): string {
    const parts = [`loading replica=${this.replicaId}`, `engine_status=${this.supervisor.status}`];
    const snapshot = this.group?.snapshot();
    if (snapshot !== undefined && this.launch.swapGroup !== undefined) {
      parts.push(`swap_group=${this.launch.swapGroup}`, `active=${snapshot.active ?? 'none'}`);
      parts.push(`waiting=${snapshot.queue.length}`);
    }
    return parts.join(' ');
  }

  describe(): EngineProcessView {
    const supervisor = this.supervisor;
    return {
      mode: this.mode,
      status: supervisor.status,
      reason: supervisor.reason,
      pid: supervisor.pid,
      url: supervisor.url,
      reused: supervisor.reused,
      restarts: supervisor.restarts,
      last_start_ms:
        supervisor.lastStartDurationMs === undefined ? undefined : Math.round(supervisor.lastStartDurationMs),
      gave_up: supervisor.gaveUp || this.#gaveUpFirstStart,
      swap_group: this.launch.swapGroup,
      variant: this.launch.variant,
      ...(this.#launchHolder === undefined ? {} : { holder: this.#launchHolder() }),
    };
  }

  /**
   * Waits until the engine can take a task and returns the function that ends the hold. A lazy engine is
   * loaded through its swap group and cannot be swapped out or idled until the hold ends; a persistent
   * engine is waited for while it starts or restarts. Rejects with a `TaskError`: `engine_unavailable`
   * (naming the start failure) or the signal's reason.
   */
  async hold(options: EngineHoldOptions): Promise<() => void> {
    if (this.group !== undefined) {
      try {
        const lease = await this.group.acquire(this.memberKey, options);
        return () => lease.release();
      } catch (error) {
        throw this.#toHoldError(error, options.signal);
      }
    }
    await this.#waitUntilReady(options.signal);
    return () => {};
  }

  /**
   * Keeps a persistent engine running: starts it and, when the first start fails, tries again with the
   * restart backoff until `restart.max_restarts` (crashes after a start are the supervisor's). Resolves
   * once it is ready, given up, or closed; never rejects.
   */
  async keepRunning(): Promise<void> {
    const restart = this.launch.restart;
    for (let failures = 0; !this.closed; ) {
      try {
        await this.supervisor.start();
        return;
      } catch (error) {
        if (this.closed) return;
        failures += 1;
        const reason = firstLineOfError(error);
        if (restart.max_restarts !== undefined && failures > restart.max_restarts) {
          this.#retryingFirstStart = false;
          this.#gaveUpFirstStart = true;
          this.#logger.error('engine failed to start; giving up', { failures, reason });
          this.emit('change');
          return;
        }
        const delayMs = computeRestartDelay(failures, { baseMs: restart.base_ms, maxMs: restart.max_ms });
        this.#retryingFirstStart = true;
        this.emit('change');
        this.#logger.warn('engine failed to start; trying again', { failures, delay_ms: delayMs, reason });
        await delay(delayMs, undefined, { signal: this.#closing.signal }).catch(() => {});
        this.#retryingFirstStart = false;
      }
    }
  }

  /**
   * Marks the engine as closing (orchestrator shutdown): it takes no new task, is not started again, and a
   * stop no longer waits for running tasks (they are being aborted). Call before closing its swap group.
   */
  beginClose(): void {
    if (this.closed) return;
    this.#closing.abort();
    this.emit('change');
  }

  /** Stops the engine for good: no restarts, waiters rejected. */
  async close(): Promise<void> {
    this.beginClose();
    await this.supervisor.stop();
  }

  async #drainAndStop(): Promise<void> {
    this.#draining = true;
    this.emit('change');
    try {
      while (!this.closed && (this.inFlight() > 0 || (await this.#fleetBusy()))) await delay(DRAIN_POLL_MS);
      await this.supervisor.stop();
    } finally {
      this.#draining = false;
      this.emit('change');
    }
  }

  /** True while tasks of other instances stream on this engine (false when Redis cannot tell: no wait then). */
  async #fleetBusy(): Promise<boolean> {
    return (await this.#countFleetTasks().catch(() => 0)) > 0;
  }

  /**
   * How long a task waits for a persistent engine to become ready: one restart backoff and one start, at most
   * (the task's own deadline may end it sooner).
   */
  get readyWaitLimitMs(): number {
    return (this.launch.spec.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS) + this.launch.restart.max_ms;
  }

  #waitUntilReady(signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const limitMs = this.readyWaitLimitMs;
      const timer = setTimeout(() => {
        finish(() =>
          reject(
            new TaskError(
              'engine_unavailable',
              `The engine of replica "${this.replicaId}" (pool "${this.poolId}") was not ready within ${limitMs} ms: ${this.supervisor.reason ?? `engine is ${this.supervisor.status}`}`,
              { retriable: true },
            ),
          ),
        );
      }, limitMs);
      timer.unref();
      const finish = (outcome: () => void) => {
        clearTimeout(timer);
        this.off('change', check);
        signal.removeEventListener('abort', check);
        outcome();
      };
      const check = () => {
        if (signal.aborted) finish(() => reject(signal.reason));
        else if (this.supervisor.status === 'ready') finish(resolve);
        else if (!this.willServeSoon) finish(() => reject(this.#unavailable()));
      };
      this.on('change', check);
      signal.addEventListener('abort', check, { once: true });
      check();
    });
  }

  #toHoldError(error: unknown, signal: AbortSignal): unknown {
    if (error instanceof TaskError) return error;
    if (error instanceof SwapGroupError) {
      if (error.code === 'aborted' && signal.aborted) return signal.reason;
      if (error.code === 'closed') {
        return new TaskError('shutting_down', 'The orchestrator is stopping its engines.');
      }
    }
    return this.#unavailable(error);
  }

  #unavailable(cause?: unknown): TaskError {
    const detail =
      cause instanceof Error
        ? summarize(cause.message)
        : (this.supervisor.reason ?? `engine is ${this.supervisor.status}`);
    const what = this.supervisor.gaveUp
      ? `crashed and restarting it was given up after ${this.supervisor.restarts} restarts`
      : 'could not start';
    return new TaskError(
      'engine_unavailable',
      `The engine of replica "${this.replicaId}" (pool "${this.poolId}") ${what}: ${detail}`,
      { retriable: false, cause },
    );
  }
}

/** The first line of a start error and its last few engine output lines: enough to name the cause. */
function summarize(message: string): string {
  const [summary = '', ...rest] = message.split('\n');
  const output = rest.filter((line) => !line.startsWith('--- ')).slice(-6);
  return output.length === 0 ? summary : `${summary} | ${output.join(' | ')}`;
}
