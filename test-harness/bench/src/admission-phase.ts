import { setMaxListeners } from 'node:events';
import { Agent } from 'node:http';
import type { AdmissionRow, AdmissionStep } from './bench-result.js';
import { setFakeFaults, waitForEngineIdle } from './fake-engine-control.js';
import { identifyPath } from './path-identity.js';
import type { RelayHandle } from './relay-handle.js';
import { SampleBuffer } from './sample-buffer.js';
import { summarise } from './statistics.js';
import { runStream } from './stream-client.js';

/** Options of {@link runAdmissionPhase}. */
export interface AdmissionPhaseOptions {
  relays: readonly RelayHandle[];
  engineUrl: URL;
  /** Offered rates, tasks/s, in increasing order; a relay stops at its first saturated rate. */
  ratesPerSecond: readonly number[];
  stepMs: number;
  /** A step is saturated when its p99 latency exceeds this. */
  maxP99Ms: number;
  /** Requests in flight beyond which a step is abandoned as saturated. */
  maxInFlight: number;
}

/** The settings of one open-loop step. */
export type OpenLoopStepOptions = Pick<AdmissionPhaseOptions, 'stepMs' | 'maxP99Ms' | 'maxInFlight'>;

/**
 * One open-loop step: short tasks (1–4 tokens) sent on a fixed schedule whatever the answers do, latency measured
 * from the scheduled send time to the end of the stream (so a stalled relay cannot hide its queue). The tasks
 * completed are `latencyMs.count`.
 */
export async function runOpenLoopStep(
  relay: RelayHandle,
  rate: number,
  options: OpenLoopStepOptions,
): Promise<AdmissionStep> {
  const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
  const stop = new AbortController();
  setMaxListeners(0, stop.signal);
  const latencies = new SampleBuffer();
  const pending: Promise<void>[] = [];
  let inFlight = 0;
  let completed = 0;
  let errors = 0;
  let firstError: string | undefined;
  let overloaded = false;
  const intervalMs = 1000 / rate;
  const start = performance.now();
  const total = Math.round((rate * options.stepMs) / 1000);
  let sent = 0;
  while (sent < total && !overloaded) {
    const due = start + sent * intervalMs;
    const now = performance.now();
    if (due > now) await new Promise((resolve) => setTimeout(resolve, Math.max(1, due - now)));
    // Catch up on every request that is due (timers are coarser than the interval at high rates).
    while (sent < total && start + sent * intervalMs <= performance.now()) {
      if (inFlight >= options.maxInFlight) {
        overloaded = true;
        break;
      }
      const scheduledAt = start + sent * intervalMs;
      const maxTokens = 1 + (sent % 4);
      sent += 1;
      inFlight += 1;
      pending.push(
        runStream(
          relay,
          { maxTokens, seed: sent, prompt: 'Hi' },
          { agent, signal: stop.signal, startedAt: scheduledAt },
        ).then((outcome) => {
          inFlight -= 1;
          if (outcome.complete) {
            completed += 1;
            latencies.push(outcome.endedAt - scheduledAt);
          } else if (!stop.signal.aborted) {
            errors += 1;
            firstError ??= outcome.error;
          }
        }),
      );
    }
  }
  // Answers still due get a grace of one second past the schedule; the rest count as not completed.
  const grace = setTimeout(() => stop.abort(), 1_000);
  await Promise.all(pending);
  clearTimeout(grace);
  const elapsedSeconds = (performance.now() - start) / 1000;
  agent.destroy();
  const latencyMs = summarise(latencies.toArray());
  const completedPerSecond = completed / Math.max(elapsedSeconds, options.stepMs / 1000);
  let saturationReason: string | undefined;
  if (overloaded) saturationReason = `more than ${options.maxInFlight} tasks in flight`;
  else if (errors > total * 0.01) saturationReason = `${errors} errors (${firstError})`;
  else if (completed < total * 0.9) saturationReason = `only ${completed} of ${total} tasks completed`;
  else if ((latencyMs.p99 ?? 0) > options.maxP99Ms) saturationReason = `p99 above ${options.maxP99Ms} ms`;
  return {
    offeredPerSecond: rate,
    completedPerSecond,
    latencyMs,
    errors,
    ...(firstError === undefined ? {} : { firstError }),
    saturated: saturationReason !== undefined,
    ...(saturationReason === undefined ? {} : { saturationReason }),
  };
}

/** Admission throughput: increasing open-loop rates of short tasks through each path until it saturates. */
export async function runAdmissionPhase(options: AdmissionPhaseOptions): Promise<AdmissionRow[]> {
  await setFakeFaults(options.engineUrl, {});
  const rows: AdmissionRow[] = [];
  for (const relay of options.relays) {
    const steps: AdmissionStep[] = [];
    for (const rate of options.ratesPerSecond) {
      const step = await runOpenLoopStep(relay, rate, options);
      steps.push(step);
      await waitForEngineIdle(options.engineUrl);
      if (step.saturated) break;
    }
    const sustained = steps.filter((step) => !step.saturated).at(-1)?.offeredPerSecond ?? null;
    rows.push({ ...identifyPath(relay), steps, sustainedPerSecond: sustained });
  }
  return rows;
}
