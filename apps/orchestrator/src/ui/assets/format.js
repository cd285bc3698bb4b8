/**
 * A duration as a person reads it: `850 ms`, `12.3 s`, `4 min 05 s`, `2 h 03 min`.
 * @param {number} ms
 */
export function formatDuration(ms) {
  if (!Number.isFinite(ms)) return '–';
  const value = Math.max(0, ms);
  if (value < 1000) return `${Math.round(value)} ms`;
  if (value < 60_000) return `${(value / 1000).toFixed(1)} s`;
  const seconds = Math.floor(value / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
  const minutes = Math.floor(seconds / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/**
 * A wall-clock time of today (or with its date when older), in the browser's zone.
 * @param {number | undefined} at epoch ms
 */
export function formatTime(at) {
  if (at === undefined) return '–';
  const date = new Date(at);
  const sameDay = new Date().toDateString() === date.toDateString();
  return sameDay ? date.toLocaleTimeString() : date.toLocaleString();
}

/**
 * A share 0..1 as a percentage.
 * @param {number | undefined} share
 */
export function formatPercent(share) {
  return share === undefined ? '–' : `${(share * 100).toFixed(share < 0.1 && share > 0 ? 1 : 0)} %`;
}

/**
 * A figure with at most `digits` decimals, or a dash when unknown.
 * @param {number | undefined} value
 * @param {number} [digits]
 */
export function formatNumber(value, digits = 1) {
  if (value === undefined || !Number.isFinite(value)) return '–';
  return Number.isInteger(value) ? String(value) : value.toFixed(digits);
}
