import { Histogram } from './prometheus-text.js';

const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const TOKEN_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];

/** Totals and latency histograms the engines' `/metrics` routes render in their own names. */
export class GenerationCounters {
  /** Prompt tokens of finished or running generations. */
  promptTokens = 0;
  /** Generated tokens. */
  generationTokens = 0;
  /** Finished generations by the engine's own finish-reason label. */
  readonly finished = new Map<string, number>();
  /** Failed requests by failure kind (`aborted`, `dropped`, `error`, `validation`…). */
  readonly failed = new Map<string, number>();
  /** Seconds to the first token. */
  readonly timeToFirstToken = new Histogram(LATENCY_BUCKETS);
  /** Seconds per output token after the first. */
  readonly interTokenLatency = new Histogram(LATENCY_BUCKETS);
  /** Whole-request seconds. */
  readonly requestLatency = new Histogram(LATENCY_BUCKETS);
  /** Generated tokens per request. */
  readonly generatedTokensPerRequest = new Histogram(TOKEN_BUCKETS);
  /** Prompt tokens per request. */
  readonly promptTokensPerRequest = new Histogram(TOKEN_BUCKETS);
  /** Total seconds spent generating (for llama.cpp's `tokens_predicted_seconds_total`). */
  generationSeconds = 0;
  /** Total seconds spent on prompts. */
  promptSeconds = 0;

  /** Adds one to a finish or failure label. */
  static bump(map: Map<string, number>, label: string): void {
    map.set(label, (map.get(label) ?? 0) + 1);
  }
}
