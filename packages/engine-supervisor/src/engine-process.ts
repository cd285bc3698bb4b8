import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { redactSecrets } from '@orch/adapter-api';
import { type EngineLogger, silentEngineLogger } from './engine-logger.js';
import { EngineStartError } from './engine-start-error.js';
import type { EngineState } from './engine-state.js';
import { describeExit, type EngineEvents, type EngineExit, type EngineStatus } from './engine-status.js';
import { findFreePort } from './find-free-port.js';
import type { LaunchSpec } from './launch-spec.js';
import { type EngineLogLine, LogTailBuffer } from './log-tail-buffer.js';
import { guardProcessGroup, releaseProcessGroup } from './orphan-guard.js';
import {
  describeProbeResult,
  type HealthProbeResult,
  probeHealth,
  resolveHealthCheck,
} from './probe-health.js';
import { signalProcessGroup, waitForProcessGroupGone } from './process-group.js';
import { collectSecretValues, redactLaunchArgs } from './redact-launch-args.js';
import { resolveExecutable } from './resolve-executable.js';
import { substitutePlaceholders } from './substitute-placeholders.js';
import { buildWatchdogCommand } from './watchdog-command.js';

/** Options of {@link createEngineProcess}. */
export interface EngineProcessOptions {
  /** Receives output lines (`engine output` with `{ stream, line }`) and lifecycle messages. */
  logger?: EngineLogger;
  /** Name in log lines and messages, e.g. the replica id. Default: the command's base name. */
  name?: string;
}

/** One engine process: started, health-checked and stopped on request. Restarts are the supervisor's job. */
export interface EngineProcess extends EngineState {
  /**
   * Spawns the engine (or reuses a healthy one on a fixed port) and resolves once its health check says
   * ready. Idempotent: resolves at once when ready, and concurrent calls share one start. Rejects with an
   * {@link EngineStartError} (status becomes `crashed`) when the binary is missing, the process exits
   * while starting, or it is not ready within `startTimeoutMs`.
   */
  start(): Promise<void>;
  /**
   * SIGTERM to the engine's whole process group, SIGKILL after `stopTimeoutMs`; resolves once it has
   * exited (status `stopped`). Stops a start in progress. Never kills a reused server.
   */
  stop(): Promise<void>;
  /** Last output lines, oldest first (all kept lines by default). */
  logTail(lines?: number): EngineLogLine[];
  on<K extends keyof EngineEvents>(event: K, listener: (...args: EngineEvents[K]) => void): this;
  once<K extends keyof EngineEvents>(event: K, listener: (...args: EngineEvents[K]) => void): this;
  off<K extends keyof EngineEvents>(event: K, listener: (...args: EngineEvents[K]) => void): this;
}

/** Creates an engine process for `spec`; nothing runs until `start()`. */
export function createEngineProcess(spec: LaunchSpec, options: EngineProcessOptions = {}): EngineProcess {
  return new ManagedEngineProcess(spec, options);
}

const DEFAULT_START_TIMEOUT_MS = 120_000;
const DEFAULT_STOP_TIMEOUT_MS = 10_000;
/** How long a SIGKILLed group may take to be reaped before `stop()` gives up waiting. */
const KILL_WAIT_MS = 5_000;
/** How long the rest of the group may take to die after the engine exited (members reaped by init). */
const GROUP_EXIT_WAIT_MS = 1_000;
/** How long to wait for the last output lines after an exit, before writing an error message. */
const OUTPUT_DRAIN_MS = 3_000;

interface RunningChild {
  child: ChildProcess;
  pid: number;
  /** Resolves once the process has exited and its last output lines are read (or a drain timeout passed). */
  exited: Promise<void>;
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** The unexpected exit was reported as a crash (at the exit itself, before the output drain). */
  crashReported?: boolean;
  expectExit: boolean;
}

class ManagedEngineProcess extends EventEmitter<EngineEvents> implements EngineProcess {
  readonly name: string;
  readonly #spec: LaunchSpec;
  readonly #logger: EngineLogger;
  readonly #health: ReturnType<typeof resolveHealthCheck>;
  readonly #tail: LogTailBuffer;
  readonly #secrets: string[];
  #status: EngineStatus = 'stopped';
  #reason: string | undefined;
  #port: number | undefined;
  #reused = false;
  #lastStartDurationMs: number | undefined;
  #running: RunningChild | undefined;
  #linesSinceSpawn = 0;
  #starting: Promise<void> | undefined;
  #stopping: Promise<void> | undefined;
  #startAbort: AbortController | undefined;

  constructor(spec: LaunchSpec, options: EngineProcessOptions) {
    super();
    this.#spec = spec;
    this.#logger = options.logger ?? silentEngineLogger;
    this.name = options.name ?? spec.command.split('/').pop() ?? spec.command;
    this.#health = resolveHealthCheck(spec.health);
    this.#tail = new LogTailBuffer(spec.logTailLines ?? 100);
    this.#secrets = collectSecretValues(spec.env);
    if (spec.port !== undefined && spec.port !== 0) this.#port = spec.port;
  }

  get status(): EngineStatus {
    return this.#status;
  }

  get reason(): string | undefined {
    return this.#reason;
  }

  get port(): number | undefined {
    return this.#port;
  }

  get url(): string | undefined {
    return this.#port === undefined ? undefined : `http://${probeHostOf(this.#host)}:${this.#port}`;
  }

  get pid(): number | undefined {
    return this.#running?.pid;
  }

  get reused(): boolean {
    return this.#reused;
  }

  get lastStartDurationMs(): number | undefined {
    return this.#lastStartDurationMs;
  }

  get #host(): string {
    return this.#spec.host ?? '127.0.0.1';
  }

  get #fixedPort(): number | undefined {
    const port = this.#spec.port;
    return port === undefined || port === 0 ? undefined : port;
  }

  logTail(lines?: number): EngineLogLine[] {
    return this.#tail.lines(lines);
  }

  start(): Promise<void> {
    if (this.#status === 'ready') return Promise.resolve();
    if (this.#starting) return this.#starting;
    const pendingStop = this.#stopping;
    this.#starting = (async () => {
      if (pendingStop) await pendingStop;
      if (this.#status === 'ready') return;
      await this.#runStart();
    })().finally(() => {
      this.#starting = undefined;
    });
    return this.#starting;
  }

  stop(): Promise<void> {
    if (this.#stopping) return this.#stopping;
    if (this.#status === 'stopped' && !this.#starting) return Promise.resolve();
    this.#stopping = this.#runStop().finally(() => {
      this.#stopping = undefined;
    });
    return this.#stopping;
  }

  async #runStart(): Promise<void> {
    const startedAt = performance.now();
    const abort = new AbortController();
    this.#startAbort = abort;
    this.#reused = false;
    this.#setStatus('starting', undefined);
    try {
      await this.#startOrReuse(abort.signal);
      this.#lastStartDurationMs = performance.now() - startedAt;
      this.#setStatus('ready', undefined);
      this.#logger.info('engine ready', {
        engine: this.name,
        url: this.url,
        pid: this.pid,
        reused: this.#reused,
        start_ms: Math.round(this.#lastStartDurationMs),
      });
      this.emit('ready', {
        durationMs: this.#lastStartDurationMs,
        reused: this.#reused,
        url: this.url ?? '',
        pid: this.pid,
      });
    } catch (error) {
      const running = this.#running;
      if (running) await this.#terminate(running);
      // A port picked by the supervisor may have been the problem (taken meanwhile): pick anew next time.
      if (this.#fixedPort === undefined) this.#port = undefined;
      if (abort.signal.aborted) {
        throw new EngineStartError('stopped_during_start', `engine ${this.name} was stopped while starting`);
      }
      const message = error instanceof Error ? error.message : String(error);
      this.#setStatus('crashed', firstLine(message));
      this.#logger.warn('engine start failed', {
        engine: this.name,
        error: redactSecrets(message, this.#secrets),
      });
      throw error;
    } finally {
      this.#startAbort = undefined;
    }
  }

  async #startOrReuse(signal: AbortSignal): Promise<void> {
    const fixedPort = this.#fixedPort;
    if (fixedPort !== undefined && this.#spec.reuseExisting !== false) {
      const found = await probeHealth(this.#urlFor(fixedPort), this.#health, signal);
      throwIfAborted(signal);
      if (found.state === 'ready') {
        this.#reused = true;
        this.#logger.info('engine already running; reusing it', { engine: this.name, url: this.url });
        return;
      }
    }
    const port = fixedPort ?? this.#port ?? (await findFreePort());
    this.#port = port;
    const running = await this.#spawn(port);
    throwIfAborted(signal);
    await this.#waitUntilReady(running, this.#urlFor(port), signal);
  }

  async #spawn(port: number): Promise<RunningChild> {
    const spec = this.#spec;
    const values = { port, host: this.#host, model: spec.model };
    let args: string[];
    let extraEnv: Record<string, string>;
    try {
      args = (spec.args ?? []).map((arg) => substitutePlaceholders(arg, values));
      extraEnv = Object.fromEntries(
        Object.entries(spec.env ?? {}).map(([key, value]) => [key, substitutePlaceholders(value, values)]),
      );
    } catch (error) {
      throw new EngineStartError(
        'invalid_launch_spec',
        error instanceof Error ? error.message : String(error),
      );
    }
    const env: NodeJS.ProcessEnv =
      spec.inheritEnv === false ? { PATH: process.env.PATH, ...extraEnv } : { ...process.env, ...extraEnv };
    const cwd = spec.cwd ?? process.cwd();
    await assertDirectory(cwd);
    const executable = await resolveExecutable(spec.command, env.PATH ?? '', cwd);
    const launched =
      spec.watchdog === false
        ? { command: executable, args }
        : buildWatchdogCommand(executable, args, process.pid);

    const child = spawn(launched.command, launched.args, {
      cwd,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      await once(child, 'spawn');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new EngineStartError(
        code === 'ENOENT' ? 'binary_not_found' : code === 'EACCES' ? 'binary_not_executable' : 'spawn_failed',
        `could not spawn ${launched.command}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    const pid = child.pid;
    if (pid === undefined) throw new EngineStartError('spawn_failed', `spawn of ${spec.command} gave no pid`);
    guardProcessGroup(pid);
    this.#linesSinceSpawn = 0;
    const closed = Promise.all([closeOf(child.stdout), closeOf(child.stderr)]);
    let markExited = () => {};
    const running: RunningChild = {
      child,
      pid,
      exit: undefined,
      expectExit: false,
      exited: new Promise((resolve) => {
        markExited = resolve;
      }),
    };
    this.#running = running;
    child.on('error', (error) => {
      this.#logger.warn('engine process error', { engine: this.name, pid, error: error.message });
    });
    this.#captureLines(child);
    child.once('exit', (code, signal) => {
      running.exit = { code, signal };
      const during = this.#status;
      // A crash is reported at once, before the output drain below (up to seconds): meanwhile the engine would
      // still look ready and tasks would be sent to a port nobody listens on.
      if (!running.expectExit && during === 'ready' && this.#running === running) {
        this.#reportCrash(running, pid, code, signal);
      }
      // Whatever the engine left in its group (workers, the watchdog loop) goes with it; that also closes
      // the pipes they inherited, so the drain below ends promptly.
      signalProcessGroup(pid, 'SIGKILL');
      releaseProcessGroup(pid);
      const drained = Promise.race([closed, delay(OUTPUT_DRAIN_MS)]);
      void Promise.all([drained, waitForProcessGroupGone(pid, GROUP_EXIT_WAIT_MS)]).then(() => {
        this.#onExit(running, { pid, code, signal, expected: running.expectExit, during });
        markExited();
      });
    });
    this.#logger.info('engine spawned', {
      engine: this.name,
      pid,
      port,
      command: spec.command,
      args: redactLaunchArgs(args, this.#secrets),
    });
    return running;
  }

  #captureLines(child: ChildProcess): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      const input = child[stream];
      if (!input) continue;
      const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
      lines.on('line', (raw) => {
        const entry = this.#tail.push(stream, redactSecrets(raw, this.#secrets));
        this.#linesSinceSpawn += 1;
        this.#logger.info('engine output', { engine: this.name, stream: entry.stream, line: entry.line });
        this.emit('output', entry);
      });
    }
  }

  #onExit(running: RunningChild, exit: EngineExit): void {
    if (this.#running === running) this.#running = undefined;
    this.emit('exit', exit);
    if (running.crashReported || exit.expected || exit.during !== 'ready' || this.#status !== 'ready') return;
    this.#reportCrash(running, exit.pid, exit.code, exit.signal);
  }

  #reportCrash(running: RunningChild, pid: number, code: number | null, signal: NodeJS.Signals | null): void {
    running.crashReported = true;
    if (this.#running === running) this.#running = undefined;
    const reason = `exited unexpectedly with ${describeExit(code, signal)}`;
    this.#logger.warn('engine crashed', { engine: this.name, pid, reason });
    this.#setStatus('crashed', reason);
  }

  async #waitUntilReady(running: RunningChild, url: string, signal: AbortSignal): Promise<void> {
    const deadline = performance.now() + (this.#spec.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
    let last: HealthProbeResult | undefined;
    for (;;) {
      throwIfAborted(signal);
      if (running.exit) throw await this.#exitedDuringStart(running);
      const probe = probeHealth(url, this.#health, signal);
      const outcome = await Promise.race([probe, running.exited.then(() => 'exited' as const)]);
      if (outcome === 'exited') throw await this.#exitedDuringStart(running);
      throwIfAborted(signal);
      if (outcome.state === 'ready') return;
      last = outcome;
      if (performance.now() >= deadline) {
        const timeoutMs = this.#spec.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
        throw new EngineStartError(
          'start_timeout',
          `engine ${this.name} was not ready within ${timeoutMs} ms (last health probe of ${url}${this.#health.path}: ${describeProbeResult(last)}); it was stopped`,
          { logTail: this.#startTail() },
        );
      }
      await Promise.race([
        delay(this.#health.intervalMs, undefined, { signal }).catch(() => {}),
        running.exited,
      ]);
    }
  }

  async #exitedDuringStart(running: RunningChild): Promise<EngineStartError> {
    await running.exited;
    const code = running.exit?.code ?? null;
    const signal = running.exit?.signal ?? null;
    const hint =
      this.#spec.watchdog !== false && code === 127
        ? ' (127: command not found)'
        : code === 126
          ? ' (126: not executable)'
          : '';
    return new EngineStartError(
      'exited_during_start',
      `engine ${this.name} (${this.#spec.command}) exited during start with ${describeExit(code, signal)}${hint}`,
      { exitCode: code, signal, logTail: this.#startTail() },
    );
  }

  #startTail(): EngineLogLine[] {
    return this.#tail.lines(Math.min(this.#linesSinceSpawn, 30));
  }

  async #runStop(): Promise<void> {
    this.#setStatus('stopping', undefined);
    this.#startAbort?.abort();
    if (this.#starting) await this.#starting.catch(() => {});
    const running = this.#running;
    if (running) await this.#terminate(running);
    if (this.#reused) {
      this.#logger.info('leaving a reused engine running (not started here)', { engine: this.name });
      this.#reused = false;
    }
    this.#setStatus('stopped', undefined);
  }

  /** SIGTERM to the group, SIGKILL after the stop timeout; resolves once the engine has exited. */
  async #terminate(running: RunningChild): Promise<void> {
    if (running.exit) {
      await running.exited;
      return;
    }
    running.expectExit = true;
    const stopTimeoutMs = this.#spec.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
    signalProcessGroup(running.pid, 'SIGTERM');
    const timer = delay(stopTimeoutMs).then(() => 'timeout' as const);
    if ((await Promise.race([running.exited, timer])) === 'timeout' && !running.exit) {
      this.#logger.warn('engine ignored SIGTERM; sending SIGKILL', {
        engine: this.name,
        pid: running.pid,
        stop_timeout_ms: stopTimeoutMs,
      });
      signalProcessGroup(running.pid, 'SIGKILL');
      await Promise.race([running.exited, delay(KILL_WAIT_MS)]);
    }
    this.#logger.info('engine stopped', { engine: this.name, pid: running.pid });
  }

  #setStatus(status: EngineStatus, reason: string | undefined): void {
    const previous = this.#status;
    if (previous === status && this.#reason === reason) return;
    this.#status = status;
    this.#reason = reason;
    this.emit('status', { status, previous, reason });
  }

  #urlFor(port: number): string {
    return `http://${probeHostOf(this.#host)}:${port}`;
  }
}

/** Where to probe an engine bound to `host`: a wildcard address is probed on loopback. */
function probeHostOf(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

async function assertDirectory(cwd: string): Promise<void> {
  try {
    if ((await stat(cwd)).isDirectory()) return;
  } catch {
    // reported below
  }
  throw new EngineStartError('cwd_not_found', `engine working directory does not exist: ${cwd}`);
}

function closeOf(stream: NodeJS.ReadableStream | null): Promise<void> {
  if (!stream) return Promise.resolve();
  return once(stream, 'close').then(
    () => {},
    () => {},
  );
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new Error('aborted');
}

function firstLine(text: string): string {
  const newline = text.indexOf('\n');
  return newline === -1 ? text : text.slice(0, newline);
}
