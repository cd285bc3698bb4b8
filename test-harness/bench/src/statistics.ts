/** Percentiles and summaries of latency samples (milliseconds unless a caller says otherwise). */

/** A summary of a sample: count, mean and the percentiles the report uses. */
export interface SampleSummary {
  /** Number of samples. */
  count: number;
  /** Arithmetic mean; `null` for an empty sample. */
  mean: number | null;
  /** Median. */
  p50: number | null;
  /** 90th percentile. */
  p90: number | null;
  /** 99th percentile. */
  p99: number | null;
  /** Largest sample. */
  max: number | null;
}

/** Sorts a copy of `samples` in ascending numeric order. */
export function sortAscending(samples: ArrayLike<number>): Float64Array {
  const sorted = Float64Array.from(samples);
  sorted.sort();
  return sorted;
}

/**
 * The `q`-quantile (0 ≤ q ≤ 1) of an ascending-sorted sample, interpolated linearly between the closest
 * ranks (the method R and NumPy use by default, "type 7"). `null` for an empty sample.
 */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number | null {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be within [0, 1], got ${q}`);
  const count = sorted.length;
  if (count === 0) return null;
  const position = (count - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, count - 1);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (high - low) * (position - lower);
}

/** The `p`-th percentile (0 ≤ p ≤ 100) of an unsorted sample; `null` for an empty sample. */
export function percentile(samples: ArrayLike<number>, p: number): number | null {
  return quantileOfSorted(sortAscending(samples), p / 100);
}

/** Count, mean, p50, p90, p99 and max of a sample. */
export function summarise(samples: ArrayLike<number>): SampleSummary {
  const sorted = sortAscending(samples);
  let total = 0;
  for (const value of sorted) total += value;
  return {
    count: sorted.length,
    mean: sorted.length === 0 ? null : total / sorted.length,
    p50: quantileOfSorted(sorted, 0.5),
    p90: quantileOfSorted(sorted, 0.9),
    p99: quantileOfSorted(sorted, 0.99),
    max: sorted.length === 0 ? null : (sorted[sorted.length - 1] as number),
  };
}

/** `numerator / denominator`, or `null` when either is missing or the denominator is not positive. */
export function ratio(
  numerator: number | null | undefined,
  denominator: number | null | undefined,
): number | null {
  if (numerator == null || denominator == null || !(denominator > 0)) return null;
  return numerator / denominator;
}

/** `relayed - direct`, or `null` when either is missing (an "added latency" figure). */
export function difference(
  relayed: number | null | undefined,
  direct: number | null | undefined,
): number | null {
  if (relayed == null || direct == null) return null;
  return relayed - direct;
}

/** The median of a few repeated measurements (e.g. alternating rounds); `null` when there are none. */
export function median(values: readonly number[]): number | null {
  return percentile(values, 50);
}
