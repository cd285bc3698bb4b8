import type { PathIdentity, RelayHandle } from './relay-handle.js';

/** The name of a path in the tables, and its key in a run: its label, else its kind. */
export function labelPath(path: PathIdentity): string {
  return path.label ?? path.relay;
}

/** The identity fields a phase copies from a running path onto its result row. */
export function identifyPath(handle: RelayHandle): PathIdentity {
  return {
    relay: handle.name,
    ...(handle.label === undefined ? {} : { label: handle.label }),
    ...(handle.node === undefined ? {} : { node: handle.node }),
    ...(handle.comparison === true ? { comparison: true } : {}),
  };
}

/** The key of a running path (unique within a run). */
export function keyPath(handle: RelayHandle): string {
  return handle.label ?? handle.name;
}

/** True for the row the targets and the CI guard judge: the main orchestrator, not a `--compare-node` one. */
export function isMainOrchestrator(path: PathIdentity): boolean {
  return path.relay === 'orchestrator' && path.comparison !== true;
}

/**
 * Labels of orchestrators under the given Node.js versions (`v20.20.2` → `orchestrator (Node 20.20.2)`); a
 * version met twice (the same line compared with itself, a noise check) gets a counter so keys stay unique.
 */
export function labelOrchestrators(versions: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return versions.map((version) => {
    const bare = version.replace(/^v/, '');
    const count = (seen.get(bare) ?? 0) + 1;
    seen.set(bare, count);
    return count === 1 ? `orchestrator (Node ${bare})` : `orchestrator (Node ${bare}, #${count})`;
  });
}
