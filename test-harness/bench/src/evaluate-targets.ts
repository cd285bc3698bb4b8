import type { BenchResult, TargetCheck, ThroughputRun } from './bench-result.js';
import { isMainOrchestrator } from './path-identity.js';

/** The streams at which issue 12 sets its throughput, CPU and latency targets. */
export const TARGET_STREAMS = 64;
/** Memory is judged at the largest open-stream count (the least noisy per-stream figure). */
export const MEMORY_TARGET_STREAMS = 256;

/** Issue 12's budget: the figure before the work and the goal, never loosened to what a run reaches. */
export const ISSUE_12_TARGETS = {
  relayCpuPerTokenUs: { before: '10.6 µs', max: 2.5 },
  throughputVsDirect: { before: '38%', min: 0.75 },
  burstAddedTtftMs: { before: '73.5 / 105 ms', maxP50: 5, maxP99: 15 },
  sustainedShortTasksPerSecond: { before: '400 (direct 3,200)', min: 2000 },
  addedInterTokenP99OverNoiseFloorMs: { before: '14.9 ms (noise floor 4.1 ms)', max: 1 },
  memoryPerIdleStreamKiB: { before: '169 KiB', max: 48 },
} as const;

/** The CI guard (`--short` enforces it): the orchestrator keeps at least half of direct at paced streams. */
export const CI_GUARD_MIN_VS_DIRECT = 0.5;

/** A share, rounded down to a tenth of a percent, so that a value just under a goal never prints as the goal. */
const percent = (value: number | null): string =>
  value === null ? 'n/a' : `${(Math.floor(value * 1000 + 1e-9) / 10).toFixed(1)}%`;
/** A figure judged against a ceiling, rounded up, so that a value just over a goal never prints as the goal. */
const upTo = (value: number, digits = 2): string => {
  const scale = 10 ** digits;
  return (Math.ceil(value * scale - 1e-9) / scale).toFixed(digits);
};
const micro = (secondsPer1k: number | null | undefined): string =>
  secondsPer1k == null ? 'n/a' : `${upTo(secondsPer1k * 1000)} µs`;
const fixed = (value: number | null | undefined): string => (value == null ? 'n/a' : value.toFixed(2));

/** The 64-stream load with the engine unthrottled, on which CPU per token and tokens/s vs direct are judged. */
export function findUnthrottledTargetRun(result: Pick<BenchResult, 'throughput'>): ThroughputRun | undefined {
  return result.throughput.find(
    (run) => run.streams === TARGET_STREAMS && run.engineTokensPerSecondPerStream === 0,
  );
}

function describeRun(run: ThroughputRun): string {
  const pace =
    run.engineTokensPerSecondPerStream === 0
      ? 'engine unthrottled'
      : `engine ${run.engineTokensPerSecondPerStream} tok/s per stream`;
  return ` (${run.streams} streams, ${pace})`;
}

function cpuBoundReason(run: ThroughputRun): string {
  const orchestrator = run.rows.find(isMainOrchestrator);
  const node = run.rows.find((row) => row.relay === 'node-proxy');
  const nginx = run.rows.find((row) => row.relay === 'nginx');
  const cores = orchestrator?.relayCpuCores;
  const others = [
    ...(node === undefined ? [] : [`the Node pass-through ${micro(node.relayCpuSecondsPer1kTokens)}`]),
    ...(nginx === undefined ? [] : [`nginx ${micro(nginx.relayCpuSecondsPer1kTokens)}`]),
  ];
  return (
    `the orchestrator process spent ${micro(orchestrator?.relayCpuSecondsPer1kTokens)} CPU per token` +
    (cores == null ? '' : ` and kept ${cores.toFixed(2)} cores busy`) +
    (others.length === 0 ? '' : ` (${others.join(', ')})`) +
    ': on a shared 2-core machine the relay CPU per token caps its rate (see the token-streaming profile)'
  );
}

const notMeasured = (
  id: string,
  description: string,
  before: string,
  target: string,
  reason: string,
): TargetCheck => ({ id, description, before, target, measured: 'n/a', pass: null, reason });

function checkRelayCpu(result: Omit<BenchResult, 'targets'>): TargetCheck {
  const { before, max } = ISSUE_12_TARGETS.relayCpuPerTokenUs;
  const target = `≤ ${max} µs`;
  const run = findUnthrottledTargetRun(result);
  const perToken = run?.rows.find(isMainOrchestrator)?.relayCpuSecondsPer1kTokens;
  if (run === undefined || perToken == null) {
    return notMeasured(
      'relay-cpu-per-token',
      'Relay CPU per token',
      before,
      target,
      'the 64-stream unthrottled throughput load did not run',
    );
  }
  const micros = perToken * 1000;
  const pass = micros <= max;
  return {
    id: 'relay-cpu-per-token',
    description: `Relay CPU per token${describeRun(run)}`,
    before,
    target,
    measured: micro(perToken),
    pass,
    ...(pass ? {} : { reason: cpuBoundReason(run) }),
  };
}

function checkThroughput(result: Omit<BenchResult, 'targets'>): TargetCheck {
  const { before, min } = ISSUE_12_TARGETS.throughputVsDirect;
  const target = `≥ ${percent(min)}`;
  const run = findUnthrottledTargetRun(result);
  const vsDirect = run?.rows.find(isMainOrchestrator)?.vsDirect;
  if (run === undefined || vsDirect == null) {
    return notMeasured(
      'throughput-vs-direct',
      'Tokens/s vs direct',
      before,
      target,
      'the 64-stream unthrottled throughput load did not run (or had no direct row)',
    );
  }
  const pass = vsDirect >= min;
  return {
    id: 'throughput-vs-direct',
    description: `Tokens/s vs direct${describeRun(run)}`,
    before,
    target,
    measured: percent(vsDirect),
    pass,
    ...(pass ? {} : { reason: cpuBoundReason(run) }),
  };
}

function checkBurstTtft(result: Omit<BenchResult, 'targets'>): TargetCheck {
  const { before, maxP50, maxP99 } = ISSUE_12_TARGETS.burstAddedTtftMs;
  const target = `p50 ≤ ${maxP50} / p99 ≤ ${maxP99} ms`;
  const burst = result.burst;
  const row = burst?.rows.find(isMainOrchestrator);
  if (burst == null || row === undefined || row.addedTtftP50Ms === null || row.addedTtftP99Ms === null) {
    return notMeasured(
      'burst-added-ttft',
      'Added TTFT, tasks started together',
      before,
      target,
      'the burst phase did not run',
    );
  }
  const pass = row.addedTtftP50Ms <= maxP50 && row.addedTtftP99Ms <= maxP99;
  const direct = burst.rows.find((each) => each.relay === 'direct');
  return {
    id: 'burst-added-ttft',
    description: `Added TTFT, ${burst.streams} paced tasks started together, p50 / p99 (${burst.bursts} bursts, engine ${burst.engineTokensPerSecondPerStream} tok/s per stream)`,
    before,
    target,
    measured: `${upTo(row.addedTtftP50Ms)} / ${upTo(row.addedTtftP99Ms)} ms`,
    pass,
    ...(pass
      ? {}
      : {
          reason:
            `TTFT p50 / p99 ${fixed(row.ttftMs.p50)} / ${fixed(row.ttftMs.p99)} ms through the orchestrator vs ` +
            `${fixed(direct?.ttftMs.p50)} / ${fixed(direct?.ttftMs.p99)} ms direct for the same seeds` +
            (burst.noiseFloor === null
              ? ''
              : ` (noise floor ${fixed(burst.noiseFloor.addedTtftP50Ms)} / ${fixed(burst.noiseFloor.addedTtftP99Ms)} ms)`) +
            ': the tasks of a burst start one after the other on one event loop, so the last waits for every ' +
            'start before it (see the admission profile for the CPU per task)',
        }),
  };
}

function checkSustainedTasks(result: Omit<BenchResult, 'targets'>): TargetCheck {
  const { before, min } = ISSUE_12_TARGETS.sustainedShortTasksPerSecond;
  const target = `≥ ${min.toLocaleString('en-US')}`;
  const row = result.admission.find(isMainOrchestrator);
  if (row === undefined) {
    return notMeasured(
      'sustained-short-tasks',
      'Sustained short tasks/s',
      before,
      target,
      'the admission phase did not run',
    );
  }
  const direct = result.admission.find((each) => each.relay === 'direct');
  const sustained = row.sustainedPerSecond;
  const pass = sustained !== null && sustained >= min;
  const firstRate = row.steps[0]?.offeredPerSecond;
  const shown = sustained === null ? `none (< ${firstRate ?? '?'})` : sustained.toLocaleString('en-US');
  const saturatedAt = row.steps.find((step) => step.saturated);
  return {
    id: 'sustained-short-tasks',
    description:
      'Sustained short tasks/s (1–4 tokens each, open loop, the highest rate offered and not saturated)',
    before,
    target,
    measured:
      direct?.sustainedPerSecond == null
        ? shown
        : `${shown} (direct ${direct.sustainedPerSecond.toLocaleString('en-US')})`,
    pass,
    ...(pass
      ? {}
      : {
          reason:
            saturatedAt === undefined
              ? `no rate of ${min.toLocaleString('en-US')}/s or more was offered`
              : `saturated at ${saturatedAt.offeredPerSecond.toLocaleString('en-US')}/s: ${saturatedAt.saturationReason} ` +
                '(see the admission profile for where the CPU per task goes)',
        }),
  };
}

function checkInterTokenLatency(result: Omit<BenchResult, 'targets'>): TargetCheck {
  const { before, max } = ISSUE_12_TARGETS.addedInterTokenP99OverNoiseFloorMs;
  const target = `≤ noise floor + ${max} ms`;
  const latency = result.latency;
  const row = latency?.rows.find(isMainOrchestrator);
  const floor = latency?.noiseFloor?.addedInterTokenP99Ms;
  if (latency == null || row === undefined || row.addedInterTokenP99Ms === null || floor == null) {
    return notMeasured(
      'added-itl-p99',
      'Added p99 inter-token latency',
      before,
      target,
      latency == null
        ? 'the latency phase did not run'
        : 'no orchestrator row or no noise floor (direct twice)',
    );
  }
  const limit = floor + max;
  const pass = row.addedInterTokenP99Ms <= limit;
  const direct = latency.rows.find((each) => each.relay === 'direct');
  return {
    id: 'added-itl-p99',
    description: `Added p99 inter-token latency (${latency.streams} paced streams, engine ${latency.engineTokensPerSecondPerStream} tok/s per stream)`,
    before,
    target,
    measured: `${upTo(row.addedInterTokenP99Ms)} ms (noise floor ${floor.toFixed(2)} ms: goal ≤ ${limit.toFixed(2)} ms)`,
    pass,
    ...(pass
      ? {}
      : {
          reason:
            `p99 gap ${fixed(row.interTokenMs.p99)} ms through the orchestrator vs ${fixed(direct?.interTokenMs.p99)} ms direct, ` +
            `with the orchestrator keeping ${fixed(row.relayCpuCores)} cores busy: every event of every stream is ` +
            "handled on one event loop, so a token waits behind the other streams' events and task starts that came just before it",
        }),
  };
}

function checkMemory(result: Omit<BenchResult, 'targets'>): TargetCheck {
  const { before, max } = ISSUE_12_TARGETS.memoryPerIdleStreamKiB;
  const target = `≤ ${max} KiB`;
  const memory = result.memory.find(isMainOrchestrator);
  const point =
    memory?.points.find((each) => each.streams === MEMORY_TARGET_STREAMS) ?? memory?.points.at(-1);
  if (point === undefined) {
    return notMeasured(
      'memory-per-stream',
      'Memory per idle open stream',
      before,
      target,
      'the memory phase did not run',
    );
  }
  const rss = point.rssPerStreamBytes / 1024;
  const heap = point.heapPerStreamBytes === null ? null : point.heapPerStreamBytes / 1024;
  // RSS moves in pages and with the collector's mood; the heap after a full GC is exact. The larger one is judged,
  // which is never looser than the issue's RSS figure.
  const judged = Math.max(rss, heap ?? Number.NEGATIVE_INFINITY);
  const pass = judged <= max;
  return {
    id: 'memory-per-stream',
    description: `Memory per idle open stream (at ${point.streams} open streams; the larger of RSS delta and heap + external after GC, per stream)`,
    before,
    target,
    measured: `RSS ${upTo(rss, 1)} KiB, heap ${heap === null ? 'n/a' : `${upTo(heap, 1)} KiB`}`,
    pass,
    ...(pass
      ? {}
      : {
          reason:
            `${upTo(judged, 1)} KiB per open stream` +
            (heap === null
              ? ''
              : `, of which ${upTo(heap, 1)} KiB is live JS heap + external after a full GC; the rest is native ` +
                'memory (sockets, buffers, allocator pages)'),
        }),
  };
}

function checkCiGuard(result: Omit<BenchResult, 'targets'>): TargetCheck {
  const guardRun = result.throughput[0];
  const vsDirect = guardRun?.rows.find(isMainOrchestrator)?.vsDirect ?? null;
  const pass = vsDirect === null ? null : vsDirect >= CI_GUARD_MIN_VS_DIRECT;
  return {
    id: 'ci-regression-guard',
    description: `CI guard: relayed throughput at least half of direct${guardRun === undefined ? '' : describeRun(guardRun)}`,
    before: '—',
    target: `≥ ${(CI_GUARD_MIN_VS_DIRECT * 100).toFixed(0)}%`,
    measured: percent(vsDirect),
    pass,
    ...(pass === false && guardRun !== undefined ? { reason: cpuBoundReason(guardRun) } : {}),
    ...(pass === null ? { reason: 'the throughput phase did not run' } : {}),
  };
}

/** Checks a run against the budget of issue 12 and the CI guard; every miss says why, from the figures themselves. */
export function evaluateTargets(result: Omit<BenchResult, 'targets'>): TargetCheck[] {
  return [
    checkRelayCpu(result),
    checkThroughput(result),
    checkBurstTtft(result),
    checkSustainedTasks(result),
    checkInterTokenLatency(result),
    checkMemory(result),
    checkCiGuard(result),
  ];
}
