import { readdirSync, readFileSync } from 'node:fs';
import type { Logger } from '../logging/logger.js';
import type { Metrics } from '../metrics/create-metrics.js';

/** Share of the fd limit at which a warning is logged, and below which it may be logged again. */
const WARN_RATIO = 0.8;
const CLEAR_RATIO = 0.7;

/** The soft limit of open files from /proc/self/limits (Linux); undefined elsewhere or when unlimited. */
export function readOpenFileLimit(limitsText?: string): number | undefined {
  let text = limitsText;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/self/limits', 'utf8');
    } catch {
      return undefined;
    }
  }
  const match = /^Max open files\s+(\d+)/m.exec(text);
  return match === null ? undefined : Number(match[1]);
}

function countOpenFileDescriptors(): number | undefined {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return undefined;
  }
}

/**
 * Samples the process's open file descriptors every `intervalMs` (ORCH-SEC-017): `orch_open_fds_ratio` shows
 * the share of the limit in use, and crossing {@link WARN_RATIO} logs one warning (again only after the use
 * fell below {@link CLEAR_RATIO}), so an fd exhaustion never goes unexplained. Returns the stop function.
 */
export function watchFileDescriptors(
  deps: { logger: Logger; metrics: Metrics },
  intervalMs = 5_000,
  read: { limit: () => number | undefined; open: () => number | undefined } = {
    limit: () => readOpenFileLimit(),
    open: countOpenFileDescriptors,
  },
): () => void {
  const limit = read.limit();
  if (limit === undefined || limit <= 0) return () => {};
  let warned = false;
  const sample = () => {
    const open = read.open();
    if (open === undefined) return;
    const ratio = open / limit;
    deps.metrics.openFileDescriptorRatio.set(ratio);
    if (!warned && ratio >= WARN_RATIO) {
      warned = true;
      deps.logger.warn('open file descriptors near the limit', { open_fds: open, limit });
    } else if (warned && ratio < CLEAR_RATIO) {
      warned = false;
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
