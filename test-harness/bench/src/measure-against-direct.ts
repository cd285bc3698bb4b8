import { compareTimings, type FixedStreamsResult } from './fixed-streams-load.js';
import { keyPath } from './path-identity.js';
import type { RelayHandle } from './relay-handle.js';
import { type SampleSummary, summarise } from './statistics.js';

/** One seeded load through every path, and through direct a second time. */
export interface SeededRuns {
  results: Map<string, FixedStreamsResult>;
  /** Direct measured again after the others: compared with the first direct run, it is the noise floor. */
  directAgain: FixedStreamsResult | null;
}

/** What a path added to the same seeded streams, against direct. */
export interface AddedLatency {
  /** Percentiles of (relayed − direct) TTFT of the same seed. */
  ttft: SampleSummary;
  /** Percentiles of (relayed − direct) gap before the same token of the same seed. */
  gaps: SampleSummary;
}

/**
 * Runs `load` through every path in turn, then through direct once more. The same seeds go through every path,
 * so each relayed stream has a direct twin that carried the same tokens.
 */
export async function measureAgainstDirect(
  relays: readonly RelayHandle[],
  load: (relay: RelayHandle) => Promise<FixedStreamsResult>,
): Promise<SeededRuns> {
  const results = new Map<string, FixedStreamsResult>();
  for (const relay of relays) results.set(keyPath(relay), await load(relay));
  const direct = relays.find((relay) => relay.name === 'direct');
  const directAgain = direct === undefined ? null : await load(direct);
  return { results, directAgain };
}

/** The added TTFT and inter-token gaps of `relayed` against `direct`. */
export function summariseAddedLatency(relayed: FixedStreamsResult, direct: FixedStreamsResult): AddedLatency {
  const added = compareTimings(relayed.timings, direct.timings);
  return { ttft: summarise(added.addedTtftMs), gaps: summarise(added.addedGapsMs) };
}

/** The added latency of each path but direct, and the noise floor (direct again vs direct); null where missing. */
export function summariseAddedByPath(runs: SeededRuns): {
  added: Map<string, AddedLatency>;
  noiseFloor: AddedLatency | null;
} {
  const direct = runs.results.get('direct');
  const added = new Map<string, AddedLatency>();
  if (direct === undefined) return { added, noiseFloor: null };
  for (const [name, result] of runs.results) {
    if (name !== 'direct') added.set(name, summariseAddedLatency(result, direct));
  }
  const noiseFloor = runs.directAgain === null ? null : summariseAddedLatency(runs.directAgain, direct);
  return { added, noiseFloor };
}
