import type { EngineLoad } from '@orch/adapter-api';

/**
 * `WorkerAdapter.readLoad` from an adapter's metrics reader: maps the figures and never throws (an engine whose
 * metrics cannot be read gives `{}`, so placement falls back to the orchestrator's own counts).
 */
export async function readEngineLoad<Metrics>(
  read: () => Promise<Metrics>,
  toLoad: (metrics: Metrics) => EngineLoad,
): Promise<EngineLoad> {
  try {
    const load = toLoad(await read());
    const result: EngineLoad = {};
    if (load.running !== undefined && Number.isFinite(load.running)) result.running = load.running;
    if (load.waiting !== undefined && Number.isFinite(load.waiting)) result.waiting = load.waiting;
    return result;
  } catch {
    return {};
  }
}
