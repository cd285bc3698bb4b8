import { findProcessGroups } from '@orch/engine-testkit';

/** What {@link watchEngineProcesses} saw of a managed engine's processes. */
export interface EngineProcessWatch {
  /** The most engine process groups alive at once (1: never two engines for the replica). */
  readonly peak: number;
  /** Distinct process groups seen: how many times the engine was launched. */
  readonly launches: number;
  stop(): void;
}

/** Samples the process groups whose command line holds `marker` every `everyMs` until stopped. */
export function watchEngineProcesses(marker: string, everyMs: number): EngineProcessWatch {
  let peak = 0;
  const seen = new Set<number>();
  const timer = setInterval(() => {
    const groups = findProcessGroups(marker);
    peak = Math.max(peak, groups.length);
    for (const group of groups) seen.add(group);
  }, everyMs);
  return {
    get peak() {
      return peak;
    },
    get launches() {
      return seen.size;
    },
    stop: () => clearInterval(timer),
  };
}
