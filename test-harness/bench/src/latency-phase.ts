import type { LatencyRow, LatencyRun } from './bench-result.js';
import { setFakeFaults } from './fake-engine-control.js';
import {
  collectTimings,
  compareTimings,
  type FixedStreamsResult,
  runFixedStreams,
} from './fixed-streams-load.js';
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
  const results = new Map<string, FixedStreamsResult>();
  for (const relay of options.relays) {
    results.set(
      relay.name,
      await runFixedStreams(relay, {
        streams: options.streams,
        streamsPerWorker: options.streamsPerWorker,
        maxTokens: options.tokensPerStream,
        prompt: 'Hello',
      }),
    );
  }
  const direct = results.get('direct');
  const directHandle = options.relays.find((relay) => relay.name === 'direct');
  let noiseFloor: LatencyRun['noiseFloor'] = null;
  if (direct !== undefined && directHandle !== undefined) {
    const again = await runFixedStreams(directHandle, {
      streams: options.streams,
      streamsPerWorker: options.streamsPerWorker,
      maxTokens: options.tokensPerStream,
      prompt: 'Hello',
    });
    const added = compareTimings(again.timings, direct.timings);
    const ttft = summarise(added.addedTtftMs);
    const gaps = summarise(added.addedGapsMs);
    noiseFloor = {
      addedTtftP50Ms: ttft.p50,
      addedTtftP99Ms: ttft.p99,
      addedInterTokenP50Ms: gaps.p50,
      addedInterTokenP99Ms: gaps.p99,
    };
  }
  const rows = options.relays.map((relay): LatencyRow => {
    const result = results.get(relay.name) as FixedStreamsResult;
    const { ttftMs, gapsMs } = collectTimings(result.timings);
    const added =
      relay.name === 'direct' || direct === undefined ? null : compareTimings(result.timings, direct.timings);
    const addedTtft = added === null ? null : summarise(added.addedTtftMs);
    const addedGaps = added === null ? null : summarise(added.addedGapsMs);
    return {
      relay: relay.name,
      tokensPerSecond: result.tokens / result.seconds,
      ttftMs: summarise(ttftMs),
      interTokenMs: summarise(gapsMs),
      relayCpuCores: result.relayCpuSeconds === null ? null : result.relayCpuSeconds / result.seconds,
      addedTtftP50Ms: addedTtft?.p50 ?? null,
      addedTtftP99Ms: addedTtft?.p99 ?? null,
      addedInterTokenP50Ms: addedGaps?.p50 ?? null,
      addedInterTokenP99Ms: addedGaps?.p99 ?? null,
      failures: result.failures,
    };
  });
  return {
    streams: options.streams,
    engineTokensPerSecondPerStream: options.engineTokensPerSecondPerStream,
    tokensPerStream: options.tokensPerStream,
    streamsPerPath: options.streams * options.streamsPerWorker,
    rows,
    noiseFloor,
  };
}
