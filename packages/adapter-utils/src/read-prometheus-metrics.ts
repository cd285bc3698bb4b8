import type { EngineClient } from './engine-client.js';
import { type PrometheusSample, parsePrometheusText } from './parse-prometheus-text.js';

/** Options of {@link readPrometheusMetrics}. */
export interface PrometheusMetricsOptions {
  /** Milliseconds for the headers, and again for the body. */
  timeoutMs: number;
  /** The status by which the engine says it serves no metrics (llama-server 501 without `--metrics`). */
  unavailableStatus?: number;
}

/**
 * Reads an engine's `GET /metrics` (Prometheus text) and parses it. Resolves with `undefined` when the engine
 * answers `unavailableStatus` (metrics switched off); a timeout or any other failure rejects with a TaskError
 * (`engine_unavailable` for timeouts).
 */
export async function readPrometheusMetrics(
  client: EngineClient,
  options: PrometheusMetricsOptions,
): Promise<PrometheusSample[] | undefined> {
  const { timeoutMs, unavailableStatus } = options;
  const response = await client.request({
    path: '/metrics',
    headersTimeoutMs: timeoutMs,
    timeoutCode: 'engine_unavailable',
    ...(unavailableStatus === undefined
      ? {}
      : {
          acceptStatus: (status: number) => (status >= 200 && status <= 299) || status === unavailableStatus,
        }),
  });
  if (unavailableStatus !== undefined && response.status === unavailableStatus) {
    response.abort();
    return undefined;
  }
  return parsePrometheusText(await response.readText({ timeoutMs, timeoutCode: 'engine_unavailable' }));
}
