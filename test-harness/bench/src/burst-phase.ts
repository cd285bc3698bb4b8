import type { BurstRow, BurstRun } from './bench-result.js';
import { setFakeFaults, waitForEngineIdle } from './fake-engine-control.js';
import { collectTimings, type FixedStreamsResult, runFixedStreams } from './fixed-streams-load.js';
import { measureAgainstDirect, summariseAddedByPath } from './measure-against-direct.js';
import { identifyPath, keyPath } from './path-identity.js';
import type { RelayHandle } from './relay-handle.js';
import { summarise } from './statistics.js';

/** Options of {@link runBurstPhase}. */
export interface BurstPhaseOptions {
  relays: readonly RelayHandle[];
  engineUrl: URL;
  /** Tasks started together in one burst. */
  streams: number;
  /** Bursts per path, one after the other (each once the previous one ended). */
  bursts: number;
  engineTokensPerSecondPerStream: number;
  tokensPerStream: number;
}

/**
 * Time to first token when `streams` paced tasks are sent in the same tick, through every path with the same
 * seeds: what a relay adds when many tasks arrive at once (admission, engine connection, first event), apart from
 * the engine's own cost of starting them, which direct pays too.
 */
export async function runBurstPhase(options: BurstPhaseOptions): Promise<BurstRun> {
  await setFakeFaults(options.engineUrl, { tokensPerSecond: options.engineTokensPerSecondPerStream });
  const runs = await measureAgainstDirect(options.relays, async (relay) => {
    // A burst that meets the previous path's last streams would measure their tail, not its own start.
    await waitForEngineIdle(options.engineUrl);
    return runFixedStreams(relay, {
      streams: options.streams,
      streamsPerWorker: options.bursts,
      maxTokens: options.tokensPerStream,
      prompt: 'Hello',
      startTogether: true,
    });
  });
  const { added, noiseFloor } = summariseAddedByPath(runs);
  const rows = options.relays.map((relay): BurstRow => {
    const result = runs.results.get(keyPath(relay)) as FixedStreamsResult;
    const addedHere = added.get(keyPath(relay));
    return {
      ...identifyPath(relay),
      ttftMs: summarise(collectTimings(result.timings).ttftMs),
      addedTtftP50Ms: addedHere?.ttft.p50 ?? null,
      addedTtftP99Ms: addedHere?.ttft.p99 ?? null,
      relayCpuCores: result.relayCpuSeconds === null ? null : result.relayCpuSeconds / result.seconds,
      failures: result.failures,
    };
  });
  return {
    streams: options.streams,
    bursts: options.bursts,
    engineTokensPerSecondPerStream: options.engineTokensPerSecondPerStream,
    tokensPerStream: options.tokensPerStream,
    rows,
    noiseFloor:
      noiseFloor === null
        ? null
        : { addedTtftP50Ms: noiseFloor.ttft.p50, addedTtftP99Ms: noiseFloor.ttft.p99 },
  };
}
