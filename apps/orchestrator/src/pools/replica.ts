import type { AdapterHealth, AdapterProperties, EngineLoad, WorkerAdapter } from '@orch/adapter-api';
import type { ManagedEngine } from '../engines/managed-engine.js';
import type { ReplicaBreaker } from '../resilience/replica-breaker.js';

/** Tasks a replica runs at once when neither the config nor the engine says. */
const DEFAULT_CONCURRENCY = 4;

/** One engine replica of a pool, with what the orchestrator knows about it right now. */
export class Replica {
  /** Tasks streaming on this replica. */
  inFlight = 0;
  /** Result of the last health probe. */
  health: AdapterHealth = { state: 'down', detail: 'not probed yet' };
  /** Result of the last successful properties read. */
  properties: AdapterProperties | undefined;
  /** The engine's own load figures from its metrics at the last probe (`{}` where it exposes none). */
  engineLoad: EngineLoad = {};
  /** The engine process behind this replica when the orchestrator launches it (`launch` in the config). */
  managedEngine: ManagedEngine | undefined;
  private readonly capacityListeners: (() => void)[] = [];

  constructor(
    readonly id: string,
    readonly poolId: string,
    readonly engine: string,
    readonly adapter: WorkerAdapter,
    readonly breaker: ReplicaBreaker,
    private readonly maxConcurrency?: number,
  ) {}

  /** Tasks this replica runs at once: the config's `max_concurrency`, else the engine's slots. */
  get slots(): number {
    return this.maxConcurrency ?? this.properties?.slots_total ?? DEFAULT_CONCURRENCY;
  }

  /** Ready and its breaker lets attempts through (and its managed engine is not being swapped out). */
  get acceptsTasks(): boolean {
    return this.isReady && this.breaker.admits && (this.managedEngine?.admitsTasks ?? true);
  }

  /** Not ready now, but its managed engine will be for a task that waits (lazy start, restart). */
  get servesSoon(): boolean {
    return this.breaker.admits && this.managedEngine?.willServeSoon === true;
  }

  /** The engine's own version, once read; `unknown` before the first successful read. */
  get engineVersion(): string {
    return this.properties?.engine_version ?? 'unknown';
  }

  /** True when the replica may take a task. */
  get isReady(): boolean {
    return this.health.state === 'ready';
  }

  /**
   * Subscribes to "this replica may take more tasks now" (health, breaker or engine process changed): the pool
   * lets queued tasks in. Nobody else reaches up to the pool's queue.
   */
  onCapacityChange(listener: () => void): void {
    this.capacityListeners.push(listener);
  }

  /** Tells the subscribers that the replica's readiness, breaker or engine process changed. */
  announceCapacityChange(): void {
    for (const listener of this.capacityListeners) listener();
  }

  /** Probes health and, when ready, re-reads properties (version, slots), then announces it. Never throws. */
  async refresh(): Promise<void> {
    try {
      await this.probe();
    } finally {
      this.announceCapacityChange();
    }
  }

  private async probe(): Promise<void> {
    this.health = await this.adapter.health();
    if (this.health.state !== 'ready') return;
    try {
      this.properties = await this.adapter.properties();
    } catch (error) {
      this.health = { state: 'unhealthy', detail: `properties failed: ${(error as Error).message}` };
      return;
    }
    this.engineLoad = (await this.adapter.readLoad?.()) ?? {};
  }
}
