/** A JSON object from an untrusted body, or null when the value is not a plain object. */
export function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** Result of reading one field: the value, absent (undefined/null), or the wrong type. */
export type FieldRead<T> = { ok: true; value: T | undefined } | { ok: false };

/** Reads an optional number field (null counts as absent). */
export function readNumber(record: Record<string, unknown>, key: string): FieldRead<number> {
  const value = record[key];
  if (value === undefined || value === null) return { ok: true, value: undefined };
  return typeof value === 'number' && Number.isFinite(value) ? { ok: true, value } : { ok: false };
}

/** Reads an optional boolean field. */
export function readBoolean(record: Record<string, unknown>, key: string): FieldRead<boolean> {
  const value = record[key];
  if (value === undefined || value === null) return { ok: true, value: undefined };
  return typeof value === 'boolean' ? { ok: true, value } : { ok: false };
}

/** Reads an optional string field. */
export function readString(record: Record<string, unknown>, key: string): FieldRead<string> {
  const value = record[key];
  if (value === undefined || value === null) return { ok: true, value: undefined };
  return typeof value === 'string' ? { ok: true, value } : { ok: false };
}

/** Reads a field that may be one string or a list of strings (stop sequences). */
export function readStringList(record: Record<string, unknown>, key: string): FieldRead<string[]> {
  const value = record[key];
  if (value === undefined || value === null) return { ok: true, value: undefined };
  if (typeof value === 'string') return { ok: true, value: [value] };
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return { ok: true, value };
  return { ok: false };
}

/** Whether a value is a list of integers (a token-id prompt). */
export function isTokenIdList(value: unknown): value is number[] {
  return Array.isArray(value) && value.length > 0 && value.every((item) => Number.isInteger(item));
}
