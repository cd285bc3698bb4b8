import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A process the bench started; {@link stop} ends it (SIGTERM, then SIGKILL after a grace). */
export interface BenchProcess {
  /** Its process id (the one whose CPU and memory are measured). */
  pid: number;
  child: ChildProcess;
  /** Last lines of stderr, for error messages. */
  stderrTail(): string;
  /** Sends SIGTERM and resolves once it exited (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

/** Options of {@link startProcess}. */
export interface StartProcessOptions {
  command: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** Where stdout goes: a file descriptor, or `pipe` to read it (see {@link waitForStdoutLine}). */
  stdout?: number | 'pipe';
  cwd?: string;
}

/** Starts a child process with stderr kept (tail) for diagnostics. */
export function startProcess(options: StartProcessOptions): BenchProcess {
  const child = spawn(options.command, options.args, {
    stdio: ['ignore', options.stdout ?? 'ignore', 'pipe'],
    env: options.env ?? process.env,
    cwd: options.cwd,
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  return {
    pid: child.pid ?? -1,
    child,
    stderrTail: () => stderr,
    async stop(graceMs = 5_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resolves with the first stdout line matching `pattern` (its match), or rejects on exit or timeout. */
export function waitForStdoutLine(
  started: BenchProcess,
  pattern: RegExp,
  timeoutMs = 30_000,
): Promise<RegExpMatchArray> {
  const { child } = started;
  return new Promise((resolve, reject) => {
    let buffer = '';
    const finish = (error?: Error, match?: RegExpMatchArray): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      // Keep draining stdout so that the child never blocks on a full pipe.
      child.stdout?.resume();
      if (error !== undefined) reject(error);
      else resolve(match as RegExpMatchArray);
    };
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString('utf8');
      const match = pattern.exec(buffer);
      if (match !== null) finish(undefined, match);
    };
    const onExit = (code: number | null): void =>
      finish(new Error(`process exited (${code}) before printing ${pattern}: ${started.stderrTail()}`));
    const timer = setTimeout(
      () => finish(new Error(`no line matching ${pattern} within ${timeoutMs} ms: ${started.stderrTail()}`)),
      timeoutMs,
    );
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** A TCP port that was free a moment ago (for programs that cannot report the port they bound). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers 200, or rejects after `timeoutMs` (or when `alive()` turns false). */
export async function waitForHttpOk(url: string, alive: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let last = 'no answer';
  while (performance.now() < deadline) {
    if (!alive()) throw new Error(`process exited while waiting for ${url}`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === 200) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (last: ${last})`);
}

/** True while the child has not exited. */
export function isRunning(started: BenchProcess): boolean {
  return started.child.exitCode === null && started.child.signalCode === null;
}
