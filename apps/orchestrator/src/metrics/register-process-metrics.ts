import { collectDefaultMetrics, type Metric, Registry } from 'prom-client';

/** The process-wide default collectors, made on first use and shared by every registry of the process. */
let processRegistry: Registry | undefined;

/**
 * Adds prom-client's default process and Node.js metrics (CPU, memory, heap spaces, event-loop lag, GC, open
 * file descriptors, active handles) to `registry`, under their standard unprefixed names (`process_*`,
 * `nodejs_*`) so that stock dashboards and alerts apply (ORCH-MET-010). They are collected once per process:
 * collectDefaultMetrics starts an event-loop monitor and a GC observer on every call, and a test process makes
 * many apps, so each app's registry shares the one set.
 */
export function registerProcessMetrics(registry: Registry): void {
  if (processRegistry === undefined) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  for (const metric of processRegistry.getMetricsAsArray()) {
    // prom-client names three gauges `*_total` (sums of the per-type gauges beside them): Prometheus reserves
    // `_total` for counters and promtool refuses them, so they are left out (each is one `sum()` away).
    if (String(metric.type) !== 'counter' && metric.name.endsWith('_total')) continue;
    registry.registerMetric(metric as unknown as Metric);
  }
}
