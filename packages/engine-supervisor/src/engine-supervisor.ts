import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import {
  computeRestartDelay,
  DEFAULT_RESTART_BACKOFF,
  type RestartBackoff,
} from './compute-restart-delay.js';
import { type EngineLogger, silentEngineLogger } from './engine-logger.js';
import type { EngineProcess } from './engine-process.js';
import type { EngineState } from './engine-state.js';
import type {
  EngineEvents,
  EngineExit,
  EngineReady,
  EngineStatus,
  EngineStatusChange,
} from './engine-status.js';
import type { EngineLogLine } from './log-tail-buffer.js';

/** Options of {@link createEngineSupervisor}. */
export interface EngineSupervisorOptions {
  /** Delays between restarts: `baseMs · 2^(n-1)` for the n-th consecutive failure, capped at `maxMs`. */
  restartBackoff?: RestartBackoff;
  /**
   * Consecutive failed runs (crash, or failed restart) tolerated before giving up; the engine then stays
   * `crashed` until `start()` is called. Unlimited when omitted.
   */
  maxRestarts?: number;
  /** A restarted engine that stays ready this long resets the run of consecutive failures, ms. Default 60 000. */
  resetAfterMs?: number;
  /** Receives restart and give-up messages. */
  logger?: EngineLogger;
}

/** Payload of the `restart` event: a restart attempt begins (the engine-restarts counter). */
export interface EngineRestart {
  /** Restarts begun by this supervisor so far, this one included. */
  restarts: number;
  /** Position of this attempt in the current run of consecutive failures (1-based). */
  attempt: number;
  /** Backoff waited before this attempt, ms. */
  delayMs: number;
  /** Why the engine was not running (the crash or the previous failed start). */
  reason: string;
}

/** Payload of the `restart-failed` event. */
export interface EngineRestartFailure {
  /** Position of the failed attempt in the current run of consecutive failures. */
  attempt: number;
  /** The start error (usually an `EngineStartError`). */
  error: unknown;
}

/** Payload of the `gave-up` event: `maxRestarts` consecutive failures, no more restarts. */
export interface EngineGaveUp {
  /** Restarts begun in total. */
  restarts: number;
  /** The last failure. */
  reason: string;
}

/** Events of a supervised engine: those of the process plus the restart lifecycle. */
export interface EngineSupervisorEvents extends EngineEvents {
  restart: [restart: EngineRestart];
  'restart-failed': [failure: EngineRestartFailure];
  'gave-up': [gaveUp: EngineGaveUp];
}

/** An engine process that is restarted, with exponential backoff, when it crashes after being ready. */
export interface EngineSupervisor extends EngineState {
  /** The supervised process. */
  readonly engine: EngineProcess;
  /** Status of the process (`crashed` while waiting to restart and after giving up). */
  readonly status: EngineStatus;
  /** Restarts begun since creation (a counter for metrics). */
  readonly restarts: number;
  /** When the next restart is due (epoch ms), while one is scheduled. */
  readonly nextRestartAt: number | undefined;
  /** True after `maxRestarts` consecutive failures, until the next `start()`. */
  readonly gaveUp: boolean;
  /**
   * True while a crash restart's start is under way (the status may say `crashed` for a moment when that start
   * fails, before the next restart is scheduled or given up).
   */
  readonly restarting: boolean;
  /**
   * Starts the engine (or restarts it now, skipping a pending backoff) and re-arms crash restarts.
   * Rejects like `EngineProcess.start()`; a failed first start is not retried automatically.
   */
  start(): Promise<void>;
  /** Stops the engine and cancels restarts until the next `start()`. */
  stop(): Promise<void>;
  /** Last output lines of the engine. */
  logTail(lines?: number): EngineLogLine[];
  on<K extends keyof EngineSupervisorEvents>(
    event: K,
    listener: (...args: EngineSupervisorEvents[K]) => void,
  ): this;
  once<K extends keyof EngineSupervisorEvents>(
    event: K,
    listener: (...args: EngineSupervisorEvents[K]) => void,
  ): this;
  off<K extends keyof EngineSupervisorEvents>(
    event: K,
    listener: (...args: EngineSupervisorEvents[K]) => void,
  ): this;
}

/** Wraps `engine` so that a crash after it was ready leads to a restart with exponential backoff. */
export function createEngineSupervisor(
  engine: EngineProcess,
  options: EngineSupervisorOptions = {},
): EngineSupervisor {
  return new RestartingEngineSupervisor(engine, options);
}

class RestartingEngineSupervisor extends EventEmitter<EngineSupervisorEvents> implements EngineSupervisor {
  readonly engine: EngineProcess;
  readonly #backoff: RestartBackoff;
  readonly #maxRestarts: number | undefined;
  readonly #resetAfterMs: number;
  readonly #logger: EngineLogger;
  /** False after `stop()`: crashes are then left alone. */
  #armed = false;
  /** True while this supervisor's own start or restart is in flight (its failures are handled there). */
  #startingHere = false;
  #restarts = 0;
  #restarting = false;
  #consecutiveFailures = 0;
  #readySince: number | undefined;
  #timer: NodeJS.Timeout | undefined;
  #nextRestartAt: number | undefined;
  #gaveUp = false;

  constructor(engine: EngineProcess, options: EngineSupervisorOptions) {
    super();
    this.engine = engine;
    this.#backoff = options.restartBackoff ?? DEFAULT_RESTART_BACKOFF;
    this.#maxRestarts = options.maxRestarts;
    this.#resetAfterMs = options.resetAfterMs ?? 60_000;
    this.#logger = options.logger ?? silentEngineLogger;
    engine.on('status', (change) => this.#onStatus(change));
    engine.on('exit', (exit: EngineExit) => this.emit('exit', exit));
    engine.on('ready', (ready: EngineReady) => this.emit('ready', ready));
  }

  get name(): string {
    return this.engine.name;
  }

  get status(): EngineStatus {
    return this.engine.status;
  }

  get reason(): string | undefined {
    return this.engine.reason;
  }

  get url(): string | undefined {
    return this.engine.url;
  }

  get pid(): number | undefined {
    return this.engine.pid;
  }

  get port(): number | undefined {
    return this.engine.port;
  }

  get reused(): boolean {
    return this.engine.reused;
  }

  get restarts(): number {
    return this.#restarts;
  }

  get lastStartDurationMs(): number | undefined {
    return this.engine.lastStartDurationMs;
  }

  get nextRestartAt(): number | undefined {
    return this.#nextRestartAt;
  }

  get gaveUp(): boolean {
    return this.#gaveUp;
  }

  get restarting(): boolean {
    return this.#restarting;
  }

  logTail(lines?: number): EngineLogLine[] {
    return this.engine.logTail(lines);
  }

  async start(): Promise<void> {
    this.#armed = true;
    if (this.#gaveUp) this.#consecutiveFailures = 0;
    this.#gaveUp = false;
    this.#cancelTimer();
    this.#startingHere = true;
    try {
      await this.engine.start();
    } finally {
      this.#startingHere = false;
    }
  }

  async stop(): Promise<void> {
    this.#armed = false;
    this.#cancelTimer();
    await this.engine.stop();
  }

  #onStatus(change: EngineStatusChange): void {
    if (change.status === 'ready') this.#readySince = performance.now();
    this.emit('status', change);
    if (change.status !== 'crashed' || !this.#armed || this.#startingHere) return;
    this.#scheduleRestart(change.reason ?? 'crashed');
  }

  #scheduleRestart(reason: string): void {
    const stayedReadyLongEnough =
      this.#readySince !== undefined && performance.now() - this.#readySince >= this.#resetAfterMs;
    if (stayedReadyLongEnough) this.#consecutiveFailures = 0;
    this.#readySince = undefined;
    this.#consecutiveFailures += 1;
    if (this.#maxRestarts !== undefined && this.#consecutiveFailures > this.#maxRestarts) {
      this.#gaveUp = true;
      this.#logger.warn('engine keeps failing; not restarting it again', {
        engine: this.name,
        restarts: this.#restarts,
        reason,
      });
      this.emit('gave-up', { restarts: this.#restarts, reason });
      return;
    }
    const attempt = this.#consecutiveFailures;
    const delayMs = computeRestartDelay(attempt, this.#backoff);
    this.#nextRestartAt = Date.now() + delayMs;
    this.#logger.warn('engine will be restarted', { engine: this.name, reason, attempt, delay_ms: delayMs });
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#nextRestartAt = undefined;
      void this.#restart(attempt, delayMs, reason);
    }, delayMs);
  }

  async #restart(attempt: number, delayMs: number, reason: string): Promise<void> {
    if (!this.#armed) return;
    this.#restarts += 1;
    this.emit('restart', { restarts: this.#restarts, attempt, delayMs, reason });
    this.#startingHere = true;
    this.#restarting = true;
    try {
      await this.engine.start();
    } catch (error) {
      this.#startingHere = false;
      if (!this.#armed) {
        this.#restarting = false;
        return; // stopped on purpose while restarting
      }
      this.emit('restart-failed', { attempt, error });
      this.#scheduleRestart(error instanceof Error ? firstLine(error.message) : String(error));
      this.#restarting = false;
      return;
    }
    this.#startingHere = false;
    this.#restarting = false;
  }

  #cancelTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#nextRestartAt = undefined;
  }
}

function firstLine(text: string): string {
  const newline = text.indexOf('\n');
  return newline === -1 ? text : text.slice(0, newline);
}
