import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { ensureLlamaServerBinary } from './ensure-llama-server-binary.js';
import { ensureTinyModel } from './ensure-tiny-model.js';
import { LlamaServerStartError } from './llama-server-start-error.js';
import { LogTailBuffer } from './log-tail-buffer.js';
import { guardProcessGroup, killGroup, releaseProcessGroup } from './orphan-guard.js';
import type { RunningLlamaServer } from './running-llama-server.js';
import type { StartLlamaServerOptions } from './start-llama-server-options.js';

const HOST = '127.0.0.1';
const LISTENING_LINE = /listening on https?:\/\/[^\s]+:(\d+)/;
const ERROR_TAIL_LINES = 60;

type ExitStatus = { code: number | null; signal: NodeJS.Signals | null };

/**
 * Starts a real llama-server (specs/engines/real-llama-server.md) with the tiny model, in its own process group,
 * and resolves once `/health` answers 200. On any failure the server is killed and the promise rejects
 * with a `LlamaServerStartError` that carries the tail of the engine's log.
 */
export async function startLlamaServer(options: StartLlamaServerOptions = {}): Promise<RunningLlamaServer> {
  const binary = await ensureLlamaServerBinary();
  const model = options.modelPath
    ? { path: options.modelPath, sha256: undefined }
    : await ensureTinyModel({ ...options.model, seed: options.seed ?? 0 });
  const slots = options.slots ?? 2;
  const args = [
    '--host',
    HOST,
    '--port',
    String(options.port ?? 0),
    '-m',
    model.path,
    '--metrics',
    '--slots',
    '-np',
    String(slots),
    '-c',
    String(options.contextSize ?? 512 * slots),
    '-t',
    String(options.threads ?? 1),
    ...(options.extraArgs ?? []),
  ];

  const startedAt = performance.now();
  const child = spawn(binary.path, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = new LogTailBuffer();
  if (options.onLogLine) log.onLine(options.onLogLine);
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => log.append(chunk));
  }
  const exited = watchExit(child);
  const pid = child.pid;
  if (pid === undefined) {
    const status = await exited;
    throw new LlamaServerStartError(`could not spawn ${binary.path} (${describeExit(status)})`, log.tail());
  }
  guardProcessGroup(pid);
  void exited.then(() => releaseProcessGroup(pid));

  const stopGraceMs = options.stopGraceMs ?? 5_000;
  const stop = async (): Promise<void> => {
    if (await isSettled(exited)) return;
    killGroup(pid, 'SIGTERM');
    const status = await Promise.race([exited, delay(stopGraceMs, undefined)]);
    if (status === undefined) killGroup(pid, 'SIGKILL');
    await exited;
  };

  let port: number;
  try {
    port = await waitForReady({
      log,
      exited,
      requestedPort: options.port ?? 0,
      timeoutMs: options.startupTimeoutMs ?? 30_000,
    });
  } catch (error) {
    killGroup(pid, 'SIGKILL');
    await exited;
    await delay(50);
    const reason = error instanceof Error ? error.message : String(error);
    throw new LlamaServerStartError(
      `llama-server did not become ready: ${reason}`,
      log.tail(ERROR_TAIL_LINES),
    );
  }

  return {
    url: `http://${HOST}:${port}`,
    port,
    pid,
    modelPath: model.path,
    modelSha256: model.sha256,
    version: binary.version,
    args,
    startupMs: Math.round(performance.now() - startedAt),
    exited,
    stop,
    kill: (signal: NodeJS.Signals = 'SIGKILL') => {
      killGroup(pid, signal);
    },
    logTail: (lines?: number) => log.tail(lines),
  };
}

function watchExit(child: ChildProcess): Promise<ExitStatus> {
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    // A spawn failure (ENOENT, EACCES) emits 'error' and may never emit 'exit'.
    child.once('error', () => resolve({ code: null, signal: null }));
  });
}

interface ReadyWait {
  log: LogTailBuffer;
  exited: Promise<ExitStatus>;
  requestedPort: number;
  timeoutMs: number;
}

/** Resolves the port once `/health` answers 200; rejects on early exit or timeout. */
async function waitForReady({ log, exited, requestedPort, timeoutMs }: ReadyWait): Promise<number> {
  const abort = new AbortController();
  const deadline = delay(timeoutMs, undefined, { signal: abort.signal }).then(() => {
    throw new Error(`no 200 from /health within ${timeoutMs} ms`);
  });
  const exit = exited.then((status) => {
    throw new Error(`the server exited during startup (${describeExit(status)})`);
  });
  const ready = (async () => {
    const port = requestedPort > 0 ? requestedPort : await waitForListeningPort(log, abort.signal);
    await pollHealth(port, abort.signal);
    return port;
  })();
  try {
    return await Promise.race([ready, deadline, exit]);
  } finally {
    abort.abort();
    // The losers of the race reject later; they are handled here so they never surface as unhandled.
    for (const loser of [ready, deadline, exit]) loser.catch(() => {});
  }
}

/** With `--port 0` the server picks the port; it names it in its `listening on` log line. */
function waitForListeningPort(log: LogTailBuffer, signal: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const found = log.tail().match(LISTENING_LINE);
    if (found?.[1]) {
      resolve(Number(found[1]));
      return;
    }
    const unsubscribe = log.onLine((line) => {
      const match = line.match(LISTENING_LINE);
      if (!match?.[1]) return;
      unsubscribe();
      resolve(Number(match[1]));
    });
    signal.addEventListener('abort', () => {
      unsubscribe();
      reject(new Error('aborted while waiting for the listening line'));
    });
  });
}

async function pollHealth(port: number, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    try {
      const response = await fetch(`http://${HOST}:${port}/health`, {
        signal: AbortSignal.any([signal, AbortSignal.timeout(2_000)]),
      });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // Not accepting connections yet, or still loading: poll again.
    }
    await delay(25, undefined, { signal }).catch(() => {});
  }
}

async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  const pending = Symbol('pending');
  return (await Promise.race([promise, Promise.resolve(pending)])) !== pending;
}

function describeExit(status: ExitStatus): string {
  if (status.signal) return `signal ${status.signal}`;
  return status.code === null ? 'spawn failed' : `exit code ${status.code}`;
}
