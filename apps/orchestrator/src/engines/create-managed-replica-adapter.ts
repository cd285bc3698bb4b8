import {
  type AdapterHealth,
  type AdapterProperties,
  type CompleteWorkerAdapter,
  createTaskStream,
  type EngineLoad,
  type SubmitOptions,
  type Task,
  TaskError,
  type TaskEventSink,
  type TaskStream,
  type TaskStreamControl,
  type TokenEstimate,
} from '@orch/adapter-api';
import type { ManagedEngine } from './managed-engine.js';

/**
 * The adapter of a managed replica: it drives the engine's real adapter at the engine's current URL (the
 * port may be picked at start and change after a failed start), and reports the engine process's status
 * as health while it is not ready, without a network probe. Every method of the contract, optional ones
 * included, reaches the engine's adapter (`readLoad` gives `{}` while the engine does not run).
 */
export function createManagedReplicaAdapter(
  engine: ManagedEngine,
  engineKind: string,
  createAdapter: (url: string) => CompleteWorkerAdapter,
): CompleteWorkerAdapter {
  let current: { url: string; adapter: CompleteWorkerAdapter } | undefined;
  const adapterNow = (): CompleteWorkerAdapter | undefined => {
    const url = engine.url;
    if (url === undefined) return undefined;
    if (current?.url !== url) {
      void current?.adapter.close();
      current = { url, adapter: createAdapter(url) };
    }
    return current.adapter;
  };
  const notRunning = () =>
    new TaskError(
      'engine_unavailable',
      `The engine of replica "${engine.replicaId}" is ${engine.status}${engine.supervisor.reason ? ` (${engine.supervisor.reason})` : ''}.`,
    );
  return {
    engine: engineKind,
    submit(task: Task, options?: SubmitOptions): TaskStream {
      if (engine.mode === 'persistent')
        return submitThroughRestart(engine, adapterNow, notRunning, task, options);
      const adapter = adapterNow();
      if (adapter === undefined) return failingStream(notRunning());
      return adapter.submit(task, options);
    },
    async cancel(taskId: string): Promise<void> {
      await current?.adapter.cancel(taskId);
    },
    async health(): Promise<AdapterHealth> {
      const status = engine.status;
      if (status !== 'ready') {
        const reason = engine.supervisor.reason;
        return {
          state: status === 'starting' ? 'loading' : 'down',
          detail: `engine process ${status}${reason ? `: ${reason}` : ''}`,
        };
      }
      return (adapterNow() as CompleteWorkerAdapter).health();
    },
    async properties(): Promise<AdapterProperties> {
      const adapter = adapterNow();
      if (adapter === undefined || engine.status !== 'ready') throw notRunning();
      return adapter.properties();
    },
    async estimateTokens(task: Task): Promise<TokenEstimate> {
      const adapter = adapterNow();
      if (adapter === undefined) throw notRunning();
      return adapter.estimateTokens(task);
    },
    async readLoad(): Promise<EngineLoad> {
      const adapter = adapterNow();
      if (adapter === undefined || engine.status !== 'ready') return {};
      return adapter.readLoad();
    },
    async close(): Promise<void> {
      await current?.adapter.close();
    },
  };
}

/** How long a refused connection waits for the engine process's exit to be seen before it counts as a failure. */
const CRASH_NOTICE_GRACE_MS = 500;

/**
 * ORCH-LIFE-032: a task that reaches a persistent engine just as it crashed (the connection is refused before
 * `started`) waits for the restart, as a task that arrives during the restart does, and is submitted again to the
 * restarted engine; only a restart that is given up (or the attempt's TTFT timeout, cancel or deadline, through
 * its signal) fails it. A refusal while the engine still looks ready after a short grace is an ordinary failure.
 */
function submitThroughRestart(
  engine: ManagedEngine,
  adapterNow: () => CompleteWorkerAdapter | undefined,
  notRunning: () => TaskError,
  task: Task,
  options: SubmitOptions | undefined,
): TaskStream {
  const signal = options?.signal;
  return createTaskStream((sink) => {
    let control: TaskStreamControl | undefined;
    let paused = false;
    let closed = false;
    let started = false;
    let waited = false;
    const relay: TaskEventSink = {
      event(event) {
        if (event.type === 'started') started = true;
        sink.event(event);
      },
      fail(error) {
        if (started || waited || closed || error.code !== 'engine_unavailable') {
          sink.fail(error);
          return;
        }
        waited = true;
        void waitForRestart(engine, signal).then(
          (ready) => {
            if (closed) return;
            if (!ready) sink.fail(error);
            else submitTo(adapterNow());
          },
          (reason: unknown) => {
            if (!closed) sink.fail(reason instanceof TaskError ? reason : error);
          },
        );
      },
    };
    const submitTo = (adapter: CompleteWorkerAdapter | undefined) => {
      if (adapter === undefined) {
        const error = notRunning();
        queueMicrotask(() => relay.fail(error));
        return;
      }
      control = adapter.submit(task, options).start(relay);
      if (paused) control.pause();
    };
    submitTo(engine.status === 'ready' ? adapterNow() : undefined);
    return {
      pause() {
        paused = true;
        control?.pause();
      },
      resume() {
        paused = false;
        control?.resume();
      },
      close() {
        closed = true;
        control?.close();
      },
    };
  }, signal);
}

/**
 * Resolves true once the engine is ready again after a crash, false when it was not crashing after all (still
 * ready after the grace, or not coming back); rejects with the hold's error (a restart given up, the signal).
 */
async function waitForRestart(engine: ManagedEngine, signal: AbortSignal | undefined): Promise<boolean> {
  if (engine.status === 'ready') await waitForChange(engine, CRASH_NOTICE_GRACE_MS, signal);
  if (engine.status === 'ready' || !engine.willServeSoon) return false;
  const release = await engine.hold({ signal: signal ?? new AbortController().signal });
  release();
  return true;
}

function waitForChange(engine: ManagedEngine, ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      engine.off('change', done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    engine.on('change', done);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** A stream that fails before `started` (the engine is not running): retriable elsewhere. */
function failingStream(error: TaskError): TaskStream {
  return createTaskStream((sink) => {
    queueMicrotask(() => sink.fail(error));
    return { pause() {}, resume() {}, close() {} };
  });
}
