import type { Registry } from 'prom-client';

/** One label set of a {@link FastHistogram}: observing is a bucket search and three additions. */
export interface HistogramSeries {
  observe(seconds: number): void;
}

/** Settings of a {@link FastHistogram}. */
export interface FastHistogramOptions<Label extends string> {
  name: string;
  help: string;
  labelNames: readonly Label[];
  /** Upper bounds, increasing (the `+Inf` bucket is implied). */
  buckets: readonly number[];
  registers: readonly Registry[];
}

class Series implements HistogramSeries {
  /** Per-bucket (not cumulative) counts; the last slot is the `+Inf` bucket. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(
    readonly labels: Readonly<Record<string, string>>,
    private readonly bounds: readonly number[],
  ) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(seconds: number): void {
    const { bounds } = this;
    let index = 0;
    while (index < bounds.length && seconds > (bounds[index] as number)) index += 1;
    this.counts[index] = (this.counts[index] as number) + 1;
    this.sum += seconds;
    this.count += 1;
  }
}

/** A sample as prom-client's registry formats it. */
interface ExportedValue {
  labels: Record<string, string | number>;
  sharedLabels: Readonly<Record<string, string>>;
  value: number;
  metricName: string;
}

/**
 * A Prometheus histogram for a per-token path. prom-client's `observe` (even through a `labels()` child)
 * validates and hashes the label set and allocates on every call; here the label set is resolved once, by
 * {@link series}, and the returned series is observed with no allocation. The registry reads it like any
 * prom-client metric (`name`, `help`, `type`, `get`), so it appears in the same scrape.
 */
export class FastHistogram<Label extends string> {
  readonly type = 'histogram';
  readonly name: string;
  readonly help: string;
  readonly aggregator = 'sum';
  private readonly bySet = new Map<string, Series>();

  constructor(private readonly options: FastHistogramOptions<Label>) {
    this.name = options.name;
    this.help = options.help;
    for (const registry of options.registers) registry.registerMetric(this as never);
  }

  /** The series of one label set (made at 0 the first time): resolve it once per task, then observe it. */
  series(labels: Readonly<Record<Label, string>>): HistogramSeries {
    const key = this.options.labelNames.map((name) => labels[name]).join('\u0000');
    let series = this.bySet.get(key);
    if (series === undefined) {
      const own: Record<string, string> = {};
      for (const name of this.options.labelNames) own[name] = labels[name];
      series = new Series(own, this.options.buckets);
      this.bySet.set(key, series);
    }
    return series;
  }

  /** Makes the series of a label set exist at 0 (a known replica before its first task). */
  zero(labels: Readonly<Record<Label, string>>): void {
    this.series(labels);
  }

  reset(): void {
    this.bySet.clear();
  }

  /** The samples in prom-client's shape: cumulative buckets, `+Inf`, `_sum`, `_count` per series. */
  async get(): Promise<{
    name: string;
    help: string;
    type: string;
    values: ExportedValue[];
    aggregator: string;
  }> {
    const values: ExportedValue[] = [];
    const bucketName = `${this.name}_bucket`;
    for (const series of this.bySet.values()) {
      let cumulative = 0;
      this.options.buckets.forEach((bound, index) => {
        cumulative += series.counts[index] as number;
        values.push({
          labels: { le: bound },
          sharedLabels: series.labels,
          value: cumulative,
          metricName: bucketName,
        });
      });
      values.push({
        labels: { le: '+Inf' },
        sharedLabels: series.labels,
        value: series.count,
        metricName: bucketName,
      });
      values.push({
        labels: {},
        sharedLabels: series.labels,
        value: series.sum,
        metricName: `${this.name}_sum`,
      });
      values.push({
        labels: {},
        sharedLabels: series.labels,
        value: series.count,
        metricName: `${this.name}_count`,
      });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }
}
