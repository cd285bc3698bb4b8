import { AggregatorRegistry } from 'prom-client';

/** How long the primary waits for the workers' metrics, ms: a worker that has not answered by then is left out. */
const COLLECT_TIMEOUT_MS = 1_000;

/**
 * Gathers the metrics of every live worker for one scrape (ORCH-CLU-082): each worker is asked for its registry as
 * JSON, and the answers are merged by prom-client's aggregation (counters and histograms summed per series, each
 * gauge by the aggregator it declares). Resolves with the Prometheus text.
 */
export class WorkerMetricsCollector {
  private sequence = 0;
  private readonly pending = new Map<
    number,
    { waitingFor: Set<number>; answers: unknown[][]; finish: () => void }
  >();

  constructor(
    /** Asks one worker for its metrics under a collection number. */
    private readonly ask: (worker: number, collection: number) => void,
  ) {}

  /** Collects from `workers` and aggregates what answered in time. */
  collect(workers: readonly number[]): Promise<string> {
    this.sequence += 1;
    const collection = this.sequence;
    return new Promise<unknown[][]>((resolve) => {
      const answers: unknown[][] = [];
      const finish = () => {
        clearTimeout(timer);
        this.pending.delete(collection);
        resolve(answers);
      };
      const timer = setTimeout(finish, COLLECT_TIMEOUT_MS);
      this.pending.set(collection, { waitingFor: new Set(workers), answers, finish });
      for (const worker of workers) this.ask(worker, collection);
      if (workers.length === 0) finish();
    }).then((answers) => AggregatorRegistry.aggregate(answers).metrics());
  }

  /** A worker's answer. */
  answer(worker: number, collection: number, metrics: unknown[]): void {
    const request = this.pending.get(collection);
    if (request === undefined || !request.waitingFor.delete(worker)) return;
    request.answers.push(metrics);
    if (request.waitingFor.size === 0) request.finish();
  }

  /** A worker exited: no answer will come from it. */
  forgetWorker(worker: number): void {
    for (const request of this.pending.values()) {
      if (request.waitingFor.delete(worker) && request.waitingFor.size === 0) request.finish();
    }
  }
}
