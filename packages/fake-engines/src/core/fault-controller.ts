import { type FaultSettings, parseFaultSettings } from './fault-settings.js';

/** What the controller needs from the server to apply server-wide faults. */
export interface FaultControllerHooks {
  /** Start or stop accepting connections (stopping also destroys open ones). */
  setAccepting(accepting: boolean): Promise<void>;
  /** Whether "loading" means a closed port for this engine (vLLM, TGI: specs/engines/cross-engine.md E.11). */
  loadingRefusesConnections: boolean;
}

interface ScopedFaults {
  faults: FaultSettings;
  remaining: number;
}

/**
 * Holds the standing faults, a queue of faults scoped to the next N inference requests, and the server-wide
 * state (refusing, loading, unhealthy) they imply.
 */
export class FaultController {
  private standingFaults: FaultSettings = {};
  private readonly scoped: ScopedFaults[] = [];
  private loadingUntil = 0;
  private loadingTimer: NodeJS.Timeout | undefined;
  private accepting = true;
  /** Bumped each time `loadingForMs` is set, so engines that load lazily (Ollama) know to load again. */
  loadingEpoch = 0;
  /** The `loadingForMs` most recently set. */
  loadingDurationMs = 0;

  constructor(private readonly hooks: FaultControllerHooks) {}

  /**
   * Replaces the standing faults, or (with `forRequests`) queues faults for the next N inference requests.
   * Resolves once server-wide effects (refusing connections) are in place.
   */
  async set(input: FaultSettings): Promise<void> {
    const faults = parseFaultSettings(input);
    if (faults.forRequests !== undefined) {
      this.scoped.push({ faults, remaining: faults.forRequests });
      return;
    }
    this.scoped.length = 0;
    this.standingFaults = faults;
    clearTimeout(this.loadingTimer);
    this.loadingTimer = undefined;
    const loadingMs = faults.loadingForMs ?? 0;
    this.loadingDurationMs = loadingMs;
    this.loadingUntil = loadingMs > 0 ? Date.now() + loadingMs : 0;
    if (loadingMs > 0) {
      this.loadingEpoch += 1;
      this.loadingTimer = setTimeout(() => {
        this.loadingTimer = undefined;
        this.loadingUntil = 0;
        void this.applyAccepting();
      }, loadingMs);
      this.loadingTimer.unref();
    }
    await this.applyAccepting();
  }

  /** The standing faults (without any scoped ones). */
  standing(): FaultSettings {
    return { ...this.standingFaults };
  }

  /** Faults for one new inference request; consumes one use of the first scoped entry, if any. */
  takeForRequest(): FaultSettings {
    const head = this.scoped[0];
    if (head === undefined) return { ...this.standingFaults };
    head.remaining -= 1;
    if (head.remaining <= 0) this.scoped.shift();
    const { forRequests: _scope, ...knobs } = head.faults;
    return { ...this.standingFaults, ...knobs };
  }

  /** Milliseconds of loading left (0 when the engine is ready). */
  loadingRemainingMs(): number {
    return Math.max(0, this.loadingUntil - Date.now());
  }

  /** Whether the health route should report unhealthy. */
  isUnhealthy(): boolean {
    return this.standingFaults.unhealthy === true;
  }

  /** Stops the loading timer (server shutdown). */
  dispose(): void {
    clearTimeout(this.loadingTimer);
    this.loadingTimer = undefined;
  }

  private async applyAccepting(): Promise<void> {
    const loadingRefuses = this.hooks.loadingRefusesConnections && this.loadingRemainingMs() > 0;
    const accepting = this.standingFaults.refuse !== true && !loadingRefuses;
    if (accepting === this.accepting) return;
    this.accepting = accepting;
    await this.hooks.setAccepting(accepting);
  }
}
