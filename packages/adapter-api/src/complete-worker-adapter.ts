import type { WorkerAdapter } from './worker-adapter.js';

/** A {@link WorkerAdapter} whose optional methods are all present (see `withAdapterDefaults`). */
export type CompleteWorkerAdapter = WorkerAdapter & Required<Pick<WorkerAdapter, 'readLoad' | 'close'>>;
