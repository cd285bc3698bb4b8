import type { EngineRuntime } from '../core/engine-runtime.js';
import { sleepUnlessAborted } from '../core/stream-writer.js';

const KEEP_ALIVE_MS = 5 * 60 * 1000;

/**
 * Whether the model is resident. Ollama loads a model on first use (F): with `loadingForMs` set, the next
 * inference request waits that long (concurrent ones share the load) and reports it as `load_duration`;
 * `keep_alive: 0` unloads after answering.
 */
export class OllamaResidency {
  private loaded = true;
  private loadedEpoch = 0;
  private loading: Promise<void> | null = null;
  /** When the resident model would be unloaded (`/api/ps` `expires_at`). */
  expiresAt = Date.now() + KEEP_ALIVE_MS;

  constructor(private readonly runtime: EngineRuntime) {}

  /** Whether the model is loaded now. */
  get resident(): boolean {
    return this.loaded && this.loadedEpoch === this.runtime.faults.loadingEpoch;
  }

  /** Loads the model if needed; resolves with the ms this request waited (early if the client leaves). */
  async ensureLoaded(closed: AbortSignal): Promise<number> {
    if (this.resident) return 0;
    const started = performance.now();
    if (this.loading === null) {
      const epoch = this.runtime.faults.loadingEpoch;
      const duration = this.runtime.faults.loadingDurationMs;
      this.loading = sleepUnlessAborted(duration, new AbortController().signal).then(() => {
        this.loaded = true;
        this.loadedEpoch = epoch;
        this.loading = null;
      });
    }
    const load = this.loading;
    await Promise.race([
      load,
      new Promise<void>((resolve) => closed.addEventListener('abort', () => resolve(), { once: true })),
    ]);
    return performance.now() - started;
  }

  /** Marks a use: pushes `expires_at` out, or unloads when `keep_alive` is zero. */
  touch(unload: boolean): void {
    if (unload) this.loaded = false;
    else this.expiresAt = Date.now() + KEEP_ALIVE_MS;
  }
}
