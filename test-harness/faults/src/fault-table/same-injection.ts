/** JSON with object keys sorted, so that two knob objects compare as values. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([left], [right]) => left.localeCompare(right));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** True when two Injection cells say the same: equal JSON values (key order aside), else equal text. */
export function sameInjection(left: string | undefined, right: string | undefined): boolean {
  if (left === undefined || right === undefined) return left === right;
  try {
    return canonicalJson(JSON.parse(left)) === canonicalJson(JSON.parse(right));
  } catch {
    return left.trim() === right.trim();
  }
}
