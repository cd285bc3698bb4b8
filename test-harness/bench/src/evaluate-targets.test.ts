import { describe, expect, it } from 'vitest';
import type { BenchResult, ThroughputRow } from './bench-result.js';
import { evaluateTargets } from './evaluate-targets.js';
import { renderMarkdown } from './render-markdown.js';
import type { SampleSummary } from './statistics.js';
import { compareThroughputRows } from './throughput-phase.js';

const summary = (p50: number, p99: number): SampleSummary => ({
  count: 10,
  mean: p50,
  p50,
  p90: p99,
  p99,
  max: p99,
});

function row(relay: ThroughputRow['relay'], tokensPerSecond: number, cpuPer1k: number | null): ThroughputRow {
  return {
    relay,
    tokensPerSecond,
    relayCpuSecondsPer1kTokens: cpuPer1k,
    relayCpuCores: cpuPer1k === null ? null : (cpuPer1k * tokensPerSecond) / 1000,
    engineCpuCores: 0.5,
    generatorCpuCores: 0.2,
    machineCoresBusy: 1.5,
    engineCpuSecondsPer1kTokens: 0.002,
    generatorCpuSecondsPer1kTokens: 0.001,
    tokensPerCompleteStream: 1740,
    failures: 0,
    vsDirect: null,
    vsNginx: null,
    vsNodeProxy: null,
    cpuVsNginx: null,
    cpuVsNodeProxy: null,
  };
}

function fixture(orchestratorTokensPerSecond: number): Omit<BenchResult, 'targets'> {
  return {
    schema: 'orch-bench/1',
    mode: 'full',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationSeconds: 100,
    machine: {
      cpus: 2,
      cpuModel: 'Test CPU',
      memoryGiB: 8,
      node: '20.20.0',
      os: 'Debian 12',
      backgroundCoresBusy: 0,
    },
    relays: [
      { name: 'direct', available: true, description: 'fake' },
      {
        name: 'nginx',
        available: false,
        description: '',
        unavailableReason: 'could not fetch nginx: offline',
      },
      { name: 'node-proxy', available: true, description: 'pass-through' },
      { name: 'orchestrator', available: true, description: 'orch' },
    ],
    throughput: [
      {
        streams: 64,
        engineTokensPerSecondPerStream: 1000,
        tokensPerStream: 2000,
        windowSeconds: 5,
        rows: compareThroughputRows([
          row('direct', 50_000, null),
          row('node-proxy', 50_000, 0.005),
          row('orchestrator', orchestratorTokensPerSecond, 0.015),
        ]),
      },
    ],
    latency: {
      streams: 64,
      engineTokensPerSecondPerStream: 100,
      tokensPerStream: 100,
      streamsPerPath: 192,
      rows: [
        {
          relay: 'direct',
          tokensPerSecond: 5000,
          ttftMs: summary(2, 10),
          interTokenMs: summary(10, 40),
          relayCpuCores: null,
          addedTtftP50Ms: null,
          addedTtftP99Ms: null,
          addedInterTokenP50Ms: null,
          addedInterTokenP99Ms: null,
          failures: 0,
        },
        {
          relay: 'orchestrator',
          tokensPerSecond: 5000,
          ttftMs: summary(5, 20),
          interTokenMs: summary(10, 42),
          relayCpuCores: 0.3,
          addedTtftP50Ms: 3,
          addedTtftP99Ms: 10,
          addedInterTokenP50Ms: 0,
          addedInterTokenP99Ms: 0.5,
          failures: 0,
        },
      ],
      noiseFloor: {
        addedTtftP50Ms: 0,
        addedTtftP99Ms: 2,
        addedInterTokenP50Ms: 0,
        addedInterTokenP99Ms: 0.3,
      },
    },
    memory: [
      {
        relay: 'orchestrator',
        idleRssBytes: 100 * 1024 ** 2,
        idleHeapBytes: 20 * 1024 ** 2,
        points: [
          { streams: 1, openStreams: 1, rssBytes: 0, rssPerStreamBytes: 4096, heapPerStreamBytes: 50_000 },
          {
            streams: 256,
            openStreams: 256,
            rssBytes: 0,
            rssPerStreamBytes: 100 * 1024,
            heapPerStreamBytes: 80 * 1024,
          },
        ],
      },
    ],
    admission: [
      {
        relay: 'orchestrator',
        sustainedPerSecond: 100,
        steps: [
          {
            offeredPerSecond: 100,
            completedPerSecond: 100,
            latencyMs: summary(5, 50),
            errors: 0,
            saturated: false,
          },
          {
            offeredPerSecond: 200,
            completedPerSecond: 150,
            latencyMs: summary(500, 1500),
            errors: 0,
            saturated: true,
            saturationReason: 'p99 above 1000 ms',
          },
        ],
      },
    ],
    profile: null,
  };
}

const byId = (result: Omit<BenchResult, 'targets'>) =>
  Object.fromEntries(evaluateTargets(result).map((check) => [check.id, check]));

describe('evaluateTargets', () => {
  it('passes the throughput targets at 80% of direct and 70% of the Node pass-through, and says why they miss', () => {
    expect(byId(fixture(45_000))['throughput-vs-direct']).toMatchObject({ pass: true, measured: '90.0%' });
    const missed = byId(fixture(30_000));
    expect(missed['throughput-vs-direct']).toMatchObject({ pass: false, measured: '60.0%' });
    expect(missed['throughput-vs-node-proxy']).toMatchObject({ pass: false, measured: '60.0%' });
    expect(missed['throughput-vs-direct']?.reason).toContain('15.0 µs CPU per token');
    expect(missed['ci-regression-guard']).toMatchObject({ pass: true });
  });

  it('never prints a share just under a goal as the goal', () => {
    expect(byId(fixture(39_998))['throughput-vs-direct']).toMatchObject({ pass: false, measured: '79.9%' });
  });

  it('fails the CI guard below half of direct', () => {
    expect(byId(fixture(20_000))['ci-regression-guard']).toMatchObject({ pass: false, measured: '40.0%' });
  });

  it('judges added p99 inter-token latency against 1 ms', () => {
    expect(byId(fixture(45_000))['added-itl-p99']).toMatchObject({ pass: true, measured: '0.50 ms' });
  });

  it('judges memory on the larger of RSS and heap per stream at 256 streams', () => {
    const memory = byId(fixture(45_000))['memory-per-stream'];
    expect(memory).toMatchObject({ pass: false, measured: 'RSS 100.0 KiB, heap 80.0 KiB' });
    expect(memory?.reason).toContain('100.0 KiB');
  });

  it('reports a target it cannot measure as n/a with the reason, not as a pass', () => {
    const result = fixture(45_000);
    result.latency = null;
    result.memory = [];
    const checks = byId(result);
    expect(checks['added-itl-p99']).toMatchObject({ pass: null, reason: 'the latency phase did not run' });
    expect(checks['memory-per-stream']).toMatchObject({ pass: null });
  });
});

describe('renderMarkdown', () => {
  it('shows every table, the unavailable relay with its reason and each target with pass or miss', () => {
    const partial = fixture(30_000);
    const markdown = renderMarkdown({ ...partial, targets: evaluateTargets(partial) });
    expect(markdown).toContain('2 × Test CPU');
    expect(markdown).toContain('nginx: **unavailable**: could not fetch nginx: offline');
    expect(markdown).toMatch(/\| orchestrator \| 30,000 \| 60% \| 0\.0150 \|/);
    expect(markdown).toContain('| noise floor (direct again vs direct) |');
    expect(markdown).toContain('RSS per stream @256');
    expect(markdown).toContain('200 → 150 (500.0 / 1500.0) saturated: p99 above 1000 ms');
    expect(markdown).toMatch(/Relayed throughput vs direct .*\| ≥ 80\.0% \| 60\.0% \| \*\*miss\*\* \|/);
    expect(markdown).toMatch(/Added p99 inter-token latency .*\| < 1 ms \| 0\.50 ms \| pass \|/);
  });
});
