/** One sample of a Prometheus text exposition. */
export interface PrometheusSample {
  /** Metric name, e.g. `llamacpp:requests_processing` or `vllm:num_requests_running`. */
  name: string;
  /** Label pairs; empty when the metric has none. */
  labels: Record<string, string>;
  /** The value (`NaN`, `+Inf` and `-Inf` included). */
  value: number;
}

const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?\s*$/;
const LABEL_PAIR = /([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?\s*/gy;

function unescapeLabel(value: string): string {
  return value.replace(/\\(.)/g, (_match, char: string) => (char === 'n' ? '\n' : char));
}

function parseLabels(text: string): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  LABEL_PAIR.lastIndex = 0;
  let consumed = 0;
  for (let match = LABEL_PAIR.exec(text); match !== null; match = LABEL_PAIR.exec(text)) {
    labels[match[1] as string] = unescapeLabel(match[2] as string);
    consumed = LABEL_PAIR.lastIndex;
  }
  return consumed === text.length ? labels : undefined;
}

function parseValue(text: string): number | undefined {
  if (text === '+Inf' || text === 'Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (text === 'NaN') return Number.NaN;
  const value = Number(text);
  return Number.isNaN(value) ? undefined : value;
}

/**
 * Parses the Prometheus text format (version 0.0.4) that engines expose on `/metrics`: comments and blank
 * lines are skipped, labels unescaped, timestamps dropped. Lines that do not parse are skipped rather than
 * failing the whole scrape, so that one odd metric never hides the others.
 */
export function parsePrometheusText(text: string): PrometheusSample[] {
  const samples: PrometheusSample[] = [];
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line.length === 0 || line.startsWith('#')) continue;
    const match = SAMPLE_LINE.exec(line);
    if (match === null) continue;
    const labels = match[2] === undefined ? {} : parseLabels(match[2]);
    const value = parseValue(match[3] as string);
    if (labels === undefined || value === undefined) continue;
    samples.push({ name: match[1] as string, labels, value });
  }
  return samples;
}

/** The value of the first sample named `name` whose labels include `labels`; `undefined` when absent. */
export function findSampleValue(
  samples: readonly PrometheusSample[],
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const sample = samples.find(
    (candidate) =>
      candidate.name === name &&
      Object.entries(labels).every(([key, value]) => candidate.labels[key] === value),
  );
  return sample?.value;
}
