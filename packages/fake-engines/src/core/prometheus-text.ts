/** Labels of one sample. */
export type MetricLabels = Readonly<Record<string, string>>;

/** One metric family to render in the Prometheus text format. */
export interface MetricFamily {
  /** Metric name, e.g. `vllm:num_requests_running`. */
  name: string;
  /** `counter`, `gauge`, `histogram` or `summary`. */
  type: 'counter' | 'gauge' | 'histogram' | 'summary';
  /** `# HELP` text; left out when absent (some exporters print none). */
  help?: string;
  /** Samples; `suffix` is appended to the name (`_total`, `_bucket`, `_sum`, `_count`). */
  samples: ReadonlyArray<{ suffix?: string; labels?: MetricLabels; value: number }>;
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

function formatLabels(labels: MetricLabels | undefined, sortLabels: boolean): string {
  if (labels === undefined) return '';
  const entries = Object.entries(labels);
  if (sortLabels) entries.sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
  if (entries.length === 0) return '';
  const body = entries
    .map(
      ([key, value]) => `${key}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
    )
    .join(',');
  return `{${body}}`;
}

/**
 * Renders metric families as Prometheus exposition text (version 0.0.4). `sortLabels` orders label names
 * alphabetically, as prometheus-cpp (Triton) does; otherwise they keep declaration order (prometheus_client).
 */
export function renderPrometheusText(families: readonly MetricFamily[], sortLabels = false): string {
  const lines: string[] = [];
  for (const family of families) {
    if (family.help !== undefined) lines.push(`# HELP ${family.name} ${family.help}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      lines.push(
        `${family.name}${sample.suffix ?? ''}${formatLabels(sample.labels, sortLabels)} ${formatValue(sample.value)}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** A cumulative histogram with fixed upper bounds, rendered as `_bucket`/`_sum`/`_count`. */
export class Histogram {
  private readonly counts: number[];
  private sum = 0;
  private total = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = bounds.map(() => 0);
  }

  /** Records one observation. */
  observe(value: number): void {
    this.sum += value;
    this.total += 1;
    this.bounds.forEach((bound, index) => {
      if (value <= bound) this.counts[index] = (this.counts[index] ?? 0) + 1;
    });
  }

  /** Samples for a {@link MetricFamily} of type `histogram`, with `labels` on each. */
  samples(labels: MetricLabels = {}): MetricFamily['samples'] {
    return [
      ...this.bounds.map((bound, index) => ({
        suffix: '_bucket',
        labels: { ...labels, le: String(bound) },
        value: this.counts[index] ?? 0,
      })),
      { suffix: '_bucket', labels: { ...labels, le: '+Inf' }, value: this.total },
      { suffix: '_sum', labels, value: this.sum },
      { suffix: '_count', labels, value: this.total },
    ];
  }
}
