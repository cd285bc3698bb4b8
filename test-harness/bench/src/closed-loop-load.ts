import { setMaxListeners } from 'node:events';
import { Agent } from 'node:http';
import { type ProcessUsage, readMachineCpu, readProcessGroupUsage } from './process-usage.js';
import type { RelayHandle } from './relay-handle.js';
import { SampleBuffer } from './sample-buffer.js';
import { runStream } from './stream-client.js';

/** Options of {@link runClosedLoopLoad}. */
export interface ClosedLoopOptions {
  /** Concurrent streams; each starts the next as soon as its previous one ended. */
  streams: number;
  /** Tokens per stream. */
  maxTokens: number;
  /** Not measured: JIT warm-up, connections, the first streams' time to first token. */
  warmupMs: number;
  /** The measured window. */
  durationMs: number;
  /** The fake engine's process, measured beside the relay. */
  enginePid: number;
  /** Record inter-token gaps (the latency phase). */
  recordGaps: boolean;
  /** Prompt of every stream. */
  prompt: string;
}

/** What one closed-loop run measured inside its window. */
export interface ClosedLoopResult {
  /** Token events delivered to the clients inside the window. */
  tokens: number;
  /** Token events delivered over the whole run, warm-up and the streams closed after the window included. */
  totalTokens: number;
  /** Streams that ended inside the window, complete or failed. */
  streamsEnded: number;
  /** Streams that failed (any time). */
  failures: number;
  /** A failure message, if there was one. */
  firstFailure: string | undefined;
  /** Length of the window, s. */
  seconds: number;
  /** Start and end of the window (`performance.now()` of this process). */
  windowStartMs: number;
  windowEndMs: number;
  /** CPU seconds of the relay processes in the window (null for `direct`). */
  relayCpuSeconds: number | null;
  /** CPU seconds of the fake engine in the window. */
  engineCpuSeconds: number;
  /** CPU seconds of the load generator (this process) in the window. */
  generatorCpuSeconds: number;
  /** Cores the whole machine kept busy in the window (kernel work charged to no process included). */
  machineCoresBusy: number;
  /** Time to first token of streams started inside the window, ms. */
  ttftMs: Float64Array;
  /** Inter-token gaps inside the window, ms (empty unless `recordGaps`). */
  gapsMs: Float64Array;
  /** Mean token events per complete stream (a check that every path delivers the same tokens). */
  tokensPerCompleteStream: number | null;
}

function cpuOf(pids: readonly number[]): ProcessUsage | null {
  return pids.length === 0 ? null : readProcessGroupUsage(pids);
}

/**
 * Runs `streams` concurrent streaming requests against a relay in a closed loop, warms up, then counts the
 * token events delivered and the CPU each process spent inside a fixed window. Streams still running at the end
 * of the window are closed (their tokens after the window are not counted).
 */
export async function runClosedLoopLoad(
  handle: RelayHandle,
  options: ClosedLoopOptions,
): Promise<ClosedLoopResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
  const stop = new AbortController();
  // Every stream listens on this one signal.
  setMaxListeners(0, stop.signal);
  const gaps = new SampleBuffer();
  const ttft = new SampleBuffer();
  let measuring = false;
  let tokens = 0;
  let totalTokens = 0;
  let streamsEnded = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  let completeStreams = 0;
  let completeTokens = 0;
  let seed = 1;

  const onTokens = (count: number, gapMs: number | null): void => {
    totalTokens += count;
    if (!measuring) return;
    tokens += count;
    if (options.recordGaps && gapMs !== null) {
      gaps.push(gapMs);
      gaps.pushRepeated(0, count - 1);
    } else if (options.recordGaps) {
      gaps.pushRepeated(0, count - 1);
    }
  };

  const worker = async (): Promise<void> => {
    while (!stop.signal.aborted) {
      const startedInWindow = measuring;
      const outcome = await runStream(
        handle,
        { maxTokens: options.maxTokens, seed: seed++, prompt: options.prompt },
        { agent, signal: stop.signal, onTokens },
      );
      if (stop.signal.aborted) return;
      if (outcome.complete) {
        completeStreams += 1;
        completeTokens += outcome.tokens;
      } else {
        failures += 1;
        firstFailure ??= outcome.error;
      }
      if (measuring) {
        streamsEnded += 1;
        if (startedInWindow && outcome.firstTokenAt !== null)
          ttft.push(outcome.firstTokenAt - outcome.startedAt);
      }
      if (!outcome.complete) await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const workers = Array.from({ length: options.streams }, () => worker());
  await new Promise((resolve) => setTimeout(resolve, options.warmupMs));
  const relayBefore = cpuOf(handle.pids());
  const engineBefore = readProcessGroupUsage([options.enginePid]);
  const generatorBefore = process.cpuUsage();
  const machineBefore = readMachineCpu();
  const windowStart = performance.now();
  measuring = true;
  await new Promise((resolve) => setTimeout(resolve, options.durationMs));
  measuring = false;
  const windowEnd = performance.now();
  const seconds = (windowEnd - windowStart) / 1000;
  const relayAfter = cpuOf(handle.pids());
  const engineAfter = readProcessGroupUsage([options.enginePid]);
  const generator = process.cpuUsage(generatorBefore);
  const machineAfter = readMachineCpu();
  stop.abort();
  await Promise.all(workers);
  agent.destroy();
  return {
    tokens,
    totalTokens,
    streamsEnded,
    failures,
    firstFailure,
    seconds,
    windowStartMs: windowStart,
    windowEndMs: windowEnd,
    relayCpuSeconds:
      relayBefore === null || relayAfter === null ? null : relayAfter.cpuSeconds - relayBefore.cpuSeconds,
    engineCpuSeconds: engineAfter.cpuSeconds - engineBefore.cpuSeconds,
    generatorCpuSeconds: (generator.user + generator.system) / 1e6,
    machineCoresBusy: (machineAfter.busySeconds - machineBefore.busySeconds) / seconds,
    ttftMs: ttft.toArray(),
    gapsMs: gaps.toArray(),
    tokensPerCompleteStream: completeStreams === 0 ? null : completeTokens / completeStreams,
  };
}
