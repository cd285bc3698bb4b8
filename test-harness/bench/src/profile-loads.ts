import { type OpenLoopStepOptions, runOpenLoopStep } from './admission-phase.js';
import { runClosedLoopLoad } from './closed-loop-load.js';
import { setFakeFaults } from './fake-engine-control.js';
import { readProcessGroupUsage } from './process-usage.js';
import type { ProfiledEngine, ProfiledLoad } from './profile-orchestrator.js';
import type { RelayHandle } from './relay-handle.js';

/** Settings of {@link streamTokens}. */
export interface TokenStreamingLoad {
  streams: number;
  maxTokens: number;
  warmupMs: number;
  durationMs: number;
  /** Engine pace per stream (0 = unthrottled). */
  engineTokensPerSecondPerStream: number;
}

/** Concurrent closed-loop streams; the unit is a token relayed inside the window. */
export function streamTokens(load: TokenStreamingLoad) {
  return async (orchestrator: RelayHandle, engine: ProfiledEngine): Promise<ProfiledLoad> => {
    const pace = load.engineTokensPerSecondPerStream;
    await setFakeFaults(engine.url, pace > 0 ? { tokensPerSecond: pace } : {});
    const result = await runClosedLoopLoad(orchestrator, {
      streams: load.streams,
      maxTokens: load.maxTokens,
      warmupMs: load.warmupMs,
      durationMs: load.durationMs,
      enginePid: engine.pid,
      recordGaps: false,
      prompt: 'Hello',
    });
    return {
      units: result.tokens,
      cpuSeconds: result.relayCpuSeconds ?? 0,
      windowStartMs: result.windowStartMs,
      windowEndMs: result.windowEndMs,
    };
  };
}

/** Settings of {@link admitShortTasks}. */
export interface AdmissionLoad extends OpenLoopStepOptions {
  ratePerSecond: number;
  /** The same rate before the window, not profiled (JIT, connections). */
  warmupMs: number;
}

/**
 * Short tasks (1–4 tokens) at a fixed open-loop rate, as in the admission phase; the unit is a task completed
 * inside the window. At a rate the orchestrator sustains, this is the cost of starting and ending a task.
 */
export function admitShortTasks(load: AdmissionLoad) {
  return async (orchestrator: RelayHandle, engine: ProfiledEngine): Promise<ProfiledLoad> => {
    await setFakeFaults(engine.url, {});
    await runOpenLoopStep(orchestrator, load.ratePerSecond, { ...load, stepMs: load.warmupMs });
    const before = readProcessGroupUsage(orchestrator.pids()).cpuSeconds;
    const windowStartMs = performance.now();
    const step = await runOpenLoopStep(orchestrator, load.ratePerSecond, load);
    const windowEndMs = performance.now();
    const cpuSeconds = readProcessGroupUsage(orchestrator.pids()).cpuSeconds - before;
    return { units: step.latencyMs.count, cpuSeconds, windowStartMs, windowEndMs };
  };
}
