import {
  type AdapterHealth,
  type AdapterProperties,
  type CompleteWorkerAdapter,
  createTaskStream,
  type EngineLoad,
  type SubmitOptions,
  type Task,
  TaskError,
  type TaskStream,
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

/** A stream that fails before `started` (the engine is not running): retriable elsewhere. */
function failingStream(error: TaskError): TaskStream {
  return createTaskStream((sink) => {
    queueMicrotask(() => sink.fail(error));
    return { pause() {}, resume() {}, close() {} };
  });
}
