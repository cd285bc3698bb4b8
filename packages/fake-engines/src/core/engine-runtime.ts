import { EventEmitter } from 'node:events';
import type { FakeEngineKind } from '../fake-engine-kind.js';
import type { FakeEngineOptions } from '../fake-engine-options.js';
import { createFakeEngineStats, type FakeEngineStats } from './fake-engine-stats.js';
import { FaultController, type FaultControllerHooks } from './fault-controller.js';
import type { FaultSettings } from './fault-settings.js';
import { GenerationCounters } from './generation-counters.js';
import { randomSeed } from './prng.js';
import { SlotPool } from './slot-pool.js';

/** Per-engine defaults the runtime falls back to. */
export interface EngineDefaults {
  /** Default served model name. */
  model: string;
  /** Default reported version. */
  version: string;
  /** Default slot count. */
  slots: number;
}

/** Shared state of one running fake: options, faults, counters, slots. Engine modules read and update it. */
export class EngineRuntime {
  readonly model: string;
  readonly version: string;
  readonly contextLength: number;
  readonly eosAfterTokens: number;
  readonly faults: FaultController;
  readonly stats: FakeEngineStats = createFakeEngineStats();
  readonly counters = new GenerationCounters();
  readonly slots: SlotPool;
  /** Start time, ms since epoch. */
  readonly startedAt = Date.now();
  private readonly events = new EventEmitter();

  constructor(
    readonly kind: FakeEngineKind,
    readonly options: FakeEngineOptions,
    defaults: EngineDefaults,
    hooks: FaultControllerHooks,
  ) {
    this.model = options.model ?? defaults.model;
    this.version = options.version ?? defaults.version;
    this.contextLength = options.contextLength ?? 4096;
    this.eosAfterTokens = options.eosAfterTokens ?? 48;
    this.slots = new SlotPool(options.slots ?? defaults.slots);
    this.faults = new FaultController(hooks);
  }

  /** Tokens per second for a request with these faults (0 = unthrottled). */
  tokensPerSecond(faults: FaultSettings): number {
    return faults.tokensPerSecond ?? this.options.tokensPerSecond ?? 0;
  }

  /** The seed to use: the request's, else the configured default, else a random one. */
  seedFor(requested: number | null | undefined): number {
    if (typeof requested === 'number' && Number.isFinite(requested)) return requested;
    return this.options.defaultSeed ?? randomSeed();
  }

  /** Signals that activity counters changed (wakes {@link whenIdle} waiters). */
  changed(): void {
    if (this.stats.activeGenerations === 0 && this.stats.queued === 0) this.events.emit('idle');
  }

  /** Resolves when no generation is running or queued; rejects after `timeoutMs`. */
  whenIdle(timeoutMs = 5_000): Promise<void> {
    if (this.stats.activeGenerations === 0 && this.stats.queued === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.events.off('idle', onIdle);
        reject(new Error(`fake ${this.kind} still busy after ${timeoutMs} ms`));
      }, timeoutMs);
      const onIdle = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.events.once('idle', onIdle);
    });
  }
}
