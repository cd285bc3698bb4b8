import type { LatencyRow, LatencyRun } from './bench-result.js';
import { setFakeFaults } from './fake-engine-control.js';
import { collectTimings, type FixedStreamsResult, runFixedStreams } from './fixed-streams-load.js';
import { measureAgainstDirect, summariseAddedByPath } from './measure-against-direct.js';
import { identifyPath, keyPath } from './path-identity.js';
import type { RelayHandle } from './relay-handle.js';
import { summarise } from './statistics.js';

/** Options of {@link runLatencyPhase}. */
export interface LatencyPhaseOptions {
  relays: readonly RelayHandle[];
  engineUrl: URL;
  streams: number;
  streamsPerWorker: number;
  engineTokensPerSecondPerStream: number;
  tokensPerStream: number;
}

/**
 * Time to first token and inter-token gaps seen by the clients, with the engine paced (each token its own write),
 * through every path, with the same seeded streams on each. "Added" figures are percentiles of the per-stream TTFT
 * differences and per-token gap differences against direct.
 */
export async function runLatencyPhase(options: LatencyPhaseOptions): Promise<LatencyRun> {
  await setFakeFaults(options.engineUrl, { tokensPerSecond: options.engineTokensPerSecondPerStream });
  const runs = await measureAgainstDirect(options.relays, (relay) =>
    runFixedStreams(relay, {
      streams: options.streams,
      streamsPerWorker: options.streamsPerWorker,
      maxTokens: options.tokensPerStream,
      prompt: 'Hello',
    }),
  );
  const { added, noiseFloor } = summariseAddedByPath(runs);
  const rows = options.relays.map((relay): LatencyRow => {
    const result = runs.results.get(keyPath(relay)) as FixedStreamsResult;
    const { ttftMs, gapsMs } = collectTimings(result.timings);
    const addedHere = added.get(keyPath(relay));
    return {
      ...identifyPath(relay),
      tokensPerSecond: result.tokens / result.seconds,
      ttftMs: summarise(ttftMs),
      interTokenMs: summarise(gapsMs),
      relayCpuCores: result.relayCpuSeconds === null ? null : result.relayCpuSeconds / result.seconds,
      addedTtftP50Ms: addedHere?.ttft.p50 ?? null,
      addedTtftP99Ms: addedHere?.ttft.p99 ?? null,
      addedInterTokenP50Ms: addedHere?.gaps.p50 ?? null,
      addedInterTokenP99Ms: addedHere?.gaps.p99 ?? null,
      failures: result.failures,
    };
  });
  return {
    streams: options.streams,
    engineTokensPerSecondPerStream: options.engineTokensPerSecondPerStream,
    tokensPerStream: options.tokensPerStream,
    streamsPerPath: options.streams * options.streamsPerWorker,
    rows,
    noiseFloor:
      noiseFloor === null
        ? null
        : {
            addedTtftP50Ms: noiseFloor.ttft.p50,
            addedTtftP99Ms: noiseFloor.ttft.p99,
            addedInterTokenP50Ms: noiseFloor.gaps.p50,
            addedInterTokenP99Ms: noiseFloor.gaps.p99,
          },
  };
}
