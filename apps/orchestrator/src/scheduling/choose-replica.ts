import type { Replica } from '../pools/replica.js';

/** Load of a replica for placement: in-flight tasks relative to its slots (lower is better). */
export function replicaLoad(replica: Replica): number {
  const slots = replica.properties?.slots_total ?? 1;
  return replica.inFlight / Math.max(1, slots);
}

/**
 * Chooses a ready replica that has not been tried yet, by "power of two choices": two random candidates,
 * the less loaded one wins. It spreads load nearly as well as least-loaded while avoiding a herd on the one
 * replica that looked idlest at the same instant.
 */
export function chooseReplica(
  replicas: readonly Replica[],
  exclude: ReadonlySet<Replica> = new Set(),
  random: () => number = Math.random,
): Replica | undefined {
  const candidates = replicas.filter((replica) => replica.isReady && !exclude.has(replica));
  if (candidates.length <= 1) return candidates[0];
  const firstIndex = Math.floor(random() * candidates.length);
  let secondIndex = Math.floor(random() * (candidates.length - 1));
  if (secondIndex >= firstIndex) secondIndex += 1;
  const first = candidates[firstIndex] as Replica;
  const second = candidates[secondIndex] as Replica;
  return replicaLoad(second) < replicaLoad(first) ? second : first;
}
