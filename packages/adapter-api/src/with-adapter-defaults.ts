import type { CompleteWorkerAdapter } from './complete-worker-adapter.js';
import type { EngineLoad } from './engine-load.js';
import type { WorkerAdapter } from './worker-adapter.js';

/** The one place optional adapter methods get their defaults: no load figures, nothing to release. */
const DEFAULTS: Required<Pick<WorkerAdapter, 'readLoad' | 'close'>> = {
  readLoad: async (): Promise<EngineLoad> => ({}),
  close: async () => {},
};

/**
 * The adapter with every optional method present: itself when it has them all, else a view of it whose
 * missing ones are the defaults (`readLoad` → `{}`, `close` → nothing). The view keeps every other member
 * of the adapter (engine-specific extras too), each method called on the adapter itself.
 */
export function withAdapterDefaults<Adapter extends WorkerAdapter>(
  adapter: Adapter,
): Adapter & CompleteWorkerAdapter {
  if (adapter.readLoad !== undefined && adapter.close !== undefined) {
    return adapter as Adapter & CompleteWorkerAdapter;
  }
  return new Proxy(adapter, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (value === undefined && (key === 'readLoad' || key === 'close')) return DEFAULTS[key];
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as Adapter & CompleteWorkerAdapter;
}
