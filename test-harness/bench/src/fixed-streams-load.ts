import { setMaxListeners } from 'node:events';
import { Agent } from 'node:http';
import { readProcessGroupUsage } from './process-usage.js';
import type { RelayHandle } from './relay-handle.js';
import { SampleBuffer } from './sample-buffer.js';
import { runStream } from './stream-client.js';

/** Options of {@link runFixedStreams}. */
export interface FixedStreamsOptions {
  /** Concurrent streams (workers). */
  streams: number;
  /** Streams each worker runs one after the other. */
  streamsPerWorker: number;
  maxTokens: number;
  prompt: string;
  /**
   * Rounds in lockstep: every round's streams are sent in the same tick (a burst of tasks started together),
   * once the previous round ended. Without it each worker starts its next stream when its previous one ends.
   */
  startTogether?: boolean;
}

/** Timing of one seeded stream. */
export interface StreamTiming {
  /** Time to first token, ms (null when none came). */
  ttftMs: number | null;
  /** Gap before each token after the first, ms (tokens that share a chunk get 0). */
  gapsMs: Float64Array;
  complete: boolean;
}

/** What {@link runFixedStreams} measured. */
export interface FixedStreamsResult {
  /** Per seed: the same seeds on every path, so paths can be compared token by token. */
  timings: Map<number, StreamTiming>;
  tokens: number;
  seconds: number;
  relayCpuSeconds: number | null;
  failures: number;
}

/**
 * Runs a fixed set of seeded streams (`streams` at a time, `streamsPerWorker` each) after one warm-up stream per
 * worker. The seeds are the same on every path, and the fake engine's output is a function of (seed, prompt), so
 * every path delivers the same tokens with the same engine-side gaps (multi-byte characters held back included):
 * subtracting the direct timing of a token from its relayed timing leaves what the relay added.
 */
export async function runFixedStreams(
  relay: RelayHandle,
  options: FixedStreamsOptions,
): Promise<FixedStreamsResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
  const signal = new AbortController().signal;
  setMaxListeners(0, signal);
  const timings = new Map<number, StreamTiming>();
  let tokens = 0;
  let failures = 0;
  const warmUp = async (worker: number) => {
    await runStream(
      relay,
      { maxTokens: options.maxTokens, seed: 1_000_000 + worker, prompt: options.prompt },
      { agent },
    );
  };
  await Promise.all(Array.from({ length: options.streams }, (_, worker) => warmUp(worker)));
  const pids = relay.pids();
  const before = pids.length === 0 ? null : readProcessGroupUsage(pids);
  const started = performance.now();
  const runSeeded = async (index: number, round: number) => {
    const seed = 1 + index + round * options.streams;
    const gaps = new SampleBuffer();
    // runStream writes its request before its first await, so a loop of calls sends them all in one tick.
    const outcome = await runStream(
      relay,
      { maxTokens: options.maxTokens, seed, prompt: options.prompt },
      {
        agent,
        signal,
        onTokens: (count, gapMs) => {
          if (gapMs !== null) gaps.push(gapMs);
          gaps.pushRepeated(0, count - 1);
        },
      },
    );
    tokens += outcome.tokens;
    if (!outcome.complete) failures += 1;
    timings.set(seed, {
      ttftMs: outcome.firstTokenAt === null ? null : outcome.firstTokenAt - outcome.startedAt,
      gapsMs: gaps.toArray(),
      complete: outcome.complete,
    });
  };
  const indexes = Array.from({ length: options.streams }, (_, index) => index);
  if (options.startTogether === true) {
    for (let round = 0; round < options.streamsPerWorker; round += 1) {
      await Promise.all(indexes.map((index) => runSeeded(index, round)));
    }
  } else {
    const worker = async (index: number) => {
      for (let round = 0; round < options.streamsPerWorker; round += 1) await runSeeded(index, round);
    };
    await Promise.all(indexes.map(worker));
  }
  const seconds = (performance.now() - started) / 1000;
  const after = pids.length === 0 ? null : readProcessGroupUsage(pids);
  agent.destroy();
  return {
    timings,
    tokens,
    seconds,
    relayCpuSeconds: before === null || after === null ? null : after.cpuSeconds - before.cpuSeconds,
    failures,
  };
}

/** Per-seed TTFT differences and per-token gap differences of `relayed` against `direct` (same seeds). */
export function compareTimings(
  relayed: ReadonlyMap<number, StreamTiming>,
  direct: ReadonlyMap<number, StreamTiming>,
): { addedTtftMs: Float64Array; addedGapsMs: Float64Array } {
  const addedTtft = new SampleBuffer();
  const addedGaps = new SampleBuffer();
  for (const [seed, relayedTiming] of relayed) {
    const directTiming = direct.get(seed);
    if (directTiming === undefined || !directTiming.complete || !relayedTiming.complete) continue;
    if (relayedTiming.ttftMs !== null && directTiming.ttftMs !== null) {
      addedTtft.push(relayedTiming.ttftMs - directTiming.ttftMs);
    }
    const count = Math.min(relayedTiming.gapsMs.length, directTiming.gapsMs.length);
    for (let index = 0; index < count; index += 1) {
      addedGaps.push((relayedTiming.gapsMs[index] as number) - (directTiming.gapsMs[index] as number));
    }
  }
  return { addedTtftMs: addedTtft.toArray(), addedGapsMs: addedGaps.toArray() };
}

/** All TTFTs and all gaps of a run, for the per-path distributions. */
export function collectTimings(timings: ReadonlyMap<number, StreamTiming>): {
  ttftMs: Float64Array;
  gapsMs: Float64Array;
} {
  const ttft = new SampleBuffer();
  const gaps = new SampleBuffer();
  for (const timing of timings.values()) {
    if (timing.ttftMs !== null) ttft.push(timing.ttftMs);
    for (const gap of timing.gapsMs) gaps.push(gap);
  }
  return { ttftMs: ttft.toArray(), gapsMs: gaps.toArray() };
}
