/**
 * The seed used when a task has none: FNV-1a (32-bit) of the UTF-8 bytes of the task id. Stable across
 * versions and engines, so a task re-run with the same id gets the same answer on a deterministic replica.
 */
export function deriveSeed(taskId: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(taskId)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
