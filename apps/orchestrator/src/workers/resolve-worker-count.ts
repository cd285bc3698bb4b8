import { availableParallelism } from 'node:os';

/** The number of worker processes `server.workers` asks for: `auto` is one per core the process may use. */
export function resolveWorkerCount(
  workers: number | 'auto',
  cores: () => number = availableParallelism,
): number {
  return workers === 'auto' ? Math.max(1, cores()) : workers;
}
