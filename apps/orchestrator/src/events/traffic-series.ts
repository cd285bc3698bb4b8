import type { UiTrafficPoint } from './ui-event-types.js';

/** Most first-token times kept for one second's percentiles (a busier second uses the first ones). */
const MAX_TTFT_SAMPLES = 10_000;

function percentile(sorted: readonly number[], fraction: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return Math.round(sorted[index] as number);
}

/**
 * The live traffic of the status page (ORCH-UI-030): counts gathered during a second become one point; the
 * points of the last `capacity` seconds are kept, oldest first. Tokens are counted from each task's delivered
 * count when the second closes, never per token.
 */
export class TrafficSeries {
  private tokens = 0;
  private ended = 0;
  private failed = 0;
  private readonly ttftMs: number[] = [];
  private readonly points: UiTrafficPoint[] = [];

  constructor(private readonly capacity: number) {}

  /** Token events delivered since the last point. */
  addTokens(count: number): void {
    this.tokens += count;
  }

  /** A task ended; `failed` when it ended with an error (a cancel is not one). */
  taskEnded(failed: boolean): void {
    this.ended += 1;
    if (failed) this.failed += 1;
  }

  /** A task's time to first token. */
  firstToken(ms: number): void {
    if (this.ttftMs.length < MAX_TTFT_SAMPLES) this.ttftMs.push(ms);
  }

  /** Closes the current second at `at` (epoch ms): returns its point and keeps it in the history. */
  close(at: number): UiTrafficPoint {
    const point: UiTrafficPoint = {
      at,
      tokens_per_s: this.tokens,
      tasks_per_s: this.ended,
      error_rate: this.ended === 0 ? 0 : this.failed / this.ended,
    };
    if (this.ttftMs.length > 0) {
      const sorted = this.ttftMs.sort((a, b) => a - b);
      point.ttft_ms_p50 = percentile(sorted, 0.5);
      point.ttft_ms_p95 = percentile(sorted, 0.95);
    }
    this.tokens = 0;
    this.ended = 0;
    this.failed = 0;
    this.ttftMs.length = 0;
    this.points.push(point);
    if (this.points.length > this.capacity) this.points.shift();
    return point;
  }

  /** The kept points, oldest first. */
  history(): UiTrafficPoint[] {
    return [...this.points];
  }
}
