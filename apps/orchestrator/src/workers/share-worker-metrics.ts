import type { Registry } from 'prom-client';
import type { WorkerLink } from './worker-link.js';

/**
 * Answers the primary's metric collections with this worker's registry, and returns the scrape that `/metrics`
 * serves in a worker: the aggregate of all the host's workers, gathered by the primary (ORCH-CLU-082).
 */
export function shareWorkerMetrics(link: WorkerLink, registry: Registry): () => Promise<string> {
  link.onPush('collect-metrics', (push) => {
    registry.getMetricsAsJSON().then(
      (metrics) => link.notify({ kind: 'metrics', collection: push.collection, metrics }),
      () => link.notify({ kind: 'metrics', collection: push.collection, metrics: [] }),
    );
  });
  return () => link.request({ kind: 'scrape-metrics' });
}
