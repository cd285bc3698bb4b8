import type { EngineLoad } from '@orch/adapter-api';

/**
 * What placement reads of a replica (a pool's `Replica` is one). Declared here so that scheduling does not
 * depend on the pools built on top of it.
 */
export interface PlacementCandidate {
  /** Ready, and its breaker lets attempts through. */
  readonly acceptsTasks: boolean;
  /** Tasks streaming on it for us. */
  readonly inFlight: number;
  /** Tasks it runs at once. */
  readonly slots: number;
  /** Its engine's own load figures at the last probe. */
  readonly engineLoad: EngineLoad;
}

/**
 * Load of a replica for placement, relative to its slots (lower is better): the tasks it runs for us, or the
 * requests its engine says it is running if more (other clients may share the engine), plus the requests
 * queued inside the engine, from its metrics at the last probe.
 */
export function replicaLoad(replica: PlacementCandidate): number {
  const { running, waiting } = replica.engineLoad;
  const busy = Math.max(replica.inFlight, running ?? 0) + (waiting ?? 0);
  return busy / Math.max(1, replica.slots);
}

/**
 * Chooses a replica that accepts tasks (ready, breaker not open), has not been tried yet and, if any has,
 * a free slot; among those by "power of two choices": two random candidates, the less loaded one wins. It
 * spreads load nearly as well as least-loaded while avoiding a herd on the one replica that looked idlest.
 */
export function chooseReplica<Candidate extends PlacementCandidate>(
  replicas: readonly Candidate[],
  exclude: ReadonlySet<Candidate> = new Set(),
  random: () => number = Math.random,
): Candidate | undefined {
  const accepting = replicas.filter((replica) => replica.acceptsTasks && !exclude.has(replica));
  const withFreeSlot = accepting.filter((replica) => replica.inFlight < replica.slots);
  const candidates = withFreeSlot.length > 0 ? withFreeSlot : accepting;
  if (candidates.length <= 1) return candidates[0];
  const firstIndex = Math.floor(random() * candidates.length);
  let secondIndex = Math.floor(random() * (candidates.length - 1));
  if (secondIndex >= firstIndex) secondIndex += 1;
  const first = candidates[firstIndex] as Candidate;
  const second = candidates[secondIndex] as Candidate;
  return replicaLoad(second) < replicaLoad(first) ? second : first;
}
